import { launch, withPage, checkA11y } from './browser.mjs';
import { startSite } from './site.mjs';
import * as A from './app.mjs';
const srv = await startSite();
const browser = await launch();
try {
  for (const reducedMotion of ['reduce', 'no-preference'])
  await withPage(browser, { locale: 'en-US', reducedMotion }, async (page) => {
    await A.openChapter(page, srv, 'servers');
    const s = A.byTestId(page, 'users-slider');
    await s.scrollIntoViewIfNeeded();
    const box = await s.boundingBox();
    console.log(box);
    await page.evaluate(() => { const s = document.querySelector('[data-testid=users-slider]'); window.__ev=[]; for (const t of ['input','change','pointerdown']) s.addEventListener(t, e => window.__ev.push(t+':'+s.value)); });
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y); await page.mouse.down();
    await page.waitForTimeout(100);
    console.log(reducedMotion, 'after down', await s.inputValue());
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.waitForTimeout(300);
    console.log('mid-drag slider value', await s.inputValue());
    await page.mouse.up();
    await page.waitForTimeout(200);
    console.log('after release', await s.inputValue(), await page.locator('.deploy-strip .users').textContent(), (await page.evaluate(() => window.__ev)).slice(-8));
  });
} finally { await browser.close(); await srv.close(); }
