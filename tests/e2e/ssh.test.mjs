// Chapter 7, SSH (#/ssh): the terminal as a learner uses it. The deploy challenge typed with
// the keyboard alone; history and Tab completion, and Escape (or an empty line) letting Tab move
// on; the wrong-key path and a closed port 22 with their errors and the diagram's steps; Ctrl+C
// at the host-key question; a phone, where a tap on the output focuses the input, the key row
// types, and the challenge is solved with it; the hints in Korean; axe in both languages and
// themes.
//
// Every test runs with reduced motion, so the player starts paused: each command the terminal
// runs moves the simulated clock on by itself (a second at least).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { byTestId, openChapter, numberIn, tabTo, focusedMatches, savedProgress, waitForSolved } from './support/app.mjs';
import { sideScroll } from './support/placement.mjs';

const env = useSiteAndBrowser();

const PAUSED = (lang) => ({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', reducedMotion: 'reduce' });
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };
const INPUT = '[data-testid="terminal-input"]';

const output = async (page) => byTestId(page, 'terminal-output').textContent();
const lastLines = async (page, n = 3) => {
  const lines = await byTestId(page, 'terminal-output').locator(':scope > div').allTextContents();
  return lines.slice(-n).join('\n');
};

/**
 * Types a line into the focused terminal and presses Enter, then waits until the line is echoed
 * as the newest typed line and the input is empty again.
 */
async function run(page, line) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction((typed) => {
    const echoed = [...document.querySelectorAll('[data-testid="terminal-output"] > div.typed')].at(-1);
    return echoed?.textContent.endsWith(typed) && document.querySelector('[data-testid="terminal-input"]').value === '';
  }, line.slice(0, 200));
}

async function focusTerminal(page) {
  await tabTo(page, INPUT, { max: 200 });
}

const stageState = (page, n) => byTestId(page, 'ssh-stages').locator(`li:nth-child(${n})`).getAttribute('data-state');

describe('ssh lab: the terminal', () => {
  test('the deploy typed with the keyboard alone solves the challenge, and the solve is saved', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await focusTerminal(page);
      // Tab completion on the way: "ssh deploy@2" completes to the address.
      await page.keyboard.type('ssh deploy@2');
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(INPUT).inputValue(), 'ssh deploy@203.0.113.10 ');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /continue connecting/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      assert.equal(await stageState(page, 3), 'asking', 'the diagram waits at the host key');
      for (const line of ['yes', 'cd app', 'git pull', 'sudo systemctl restart app', 'systemctl status app']) {
        await run(page, line);
      }
      const shown = await output(page);
      assert.match(shown, /Warning: Permanently added '203\.0\.113\.10' \(ED25519\)/);
      assert.match(shown, /Fast-forward/);
      assert.match(shown, /Active: active \(running\)/);
      assert.match(shown, /app 1\.5\.0 listening on port 443/);
      assert.equal(await stageState(page, 5), 'passed');
      assert.equal((await byTestId(page, 'ssh-session').textContent()).trim(), 'Connected to web-1 as deploy');
      await waitForSolved(page, 5_000);
      assert.equal((await byTestId(page, 'ssh-version').textContent()).trim(), '1.5.0');
      assert.equal((await byTestId(page, 'ssh-deployed').textContent()).trim(), 'yes');
      assert.equal((await byTestId(page, 'ssh-login').textContent()).trim(), 'yes');
      const progress = await savedProgress(page);
      assert.ok(progress.solved.includes('ssh/deploy-without-lockout'), 'the solve is saved');
    });
  });

  test('history on Up and Down, Tab completion, and Escape or an empty line let Tab move on', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await focusTerminal(page);
      const input = page.locator(INPUT);
      await page.keyboard.type('hel');
      await page.keyboard.press('Tab');
      assert.equal(await input.inputValue(), 'help ');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /ssh, ssh-keygen, ssh-copy-id/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      await run(page, 'ls -a ~/.ssh');
      assert.match(await lastLines(page, 1), /config {2}id_ed25519 {2}id_ed25519\.pub/);
      await page.keyboard.type('draft');
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'ls -a ~/.ssh');
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'help');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.inputValue(), 'draft', 'the line being typed comes back');
      // Several matches: the shared start, and the list said politely.
      await input.fill('ssh-');
      await page.keyboard.press('Tab');
      assert.equal(await input.inputValue(), 'ssh-');
      assert.match(await page.locator('.term-matches').textContent(), /ssh-copy-id {2}ssh-keygen/);
      assert.ok(await focusedMatches(page, INPUT), 'Tab completed, focus stayed');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert.ok(!(await focusedMatches(page, INPUT)), 'after Escape, Tab moves on');
      await page.keyboard.press('Shift+Tab');
      assert.ok(await focusedMatches(page, INPUT));
      await input.fill('');
      await page.keyboard.press('Tab');
      assert.ok(!(await focusedMatches(page, INPUT)), 'on an empty line, Tab moves on');
      // The output takes focus to scroll; typing there types into the input, and R does not
      // reach the lab's reset shortcut.
      await byTestId(page, 'terminal-output').focus();
      await page.keyboard.type('rls');
      assert.ok(await focusedMatches(page, INPUT), 'typing on the output moved focus to the input');
      assert.match(await input.inputValue(), /ls$/);
      assert.match(await output(page), /ls -a ~\/\.ssh/, 'the session was not reset');
    });
  });

  test('the wrong key and the wrong user get "Permission denied (publickey)" at the key check', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await focusTerminal(page);
      await run(page, 'ssh root@203.0.113.10');
      await run(page, 'yes');
      assert.match(await output(page), /root@203\.0\.113\.10: Permission denied \(publickey\)\./);
      assert.match(await lastLines(page, 1), /no public key of yours for this user/);
      assert.equal(await stageState(page, 3), 'passed', 'the server proved who it is');
      assert.equal(await stageState(page, 4), 'failed', 'the user did not');
      await run(page, 'ssh-keygen -t ed25519 -f ~/.ssh/other');
      await run(page, 'ssh -i ~/.ssh/other deploy@203.0.113.10');
      assert.match(await lastLines(page, 2), /deploy@203\.0\.113\.10: Permission denied \(publickey\)\./);
      await run(page, 'ssh-copy-id -i ~/.ssh/other.pub deploy@203.0.113.10');
      assert.match(await output(page), /Number of key\(s\) added: 1/);
      await run(page, 'ssh -i ~/.ssh/other deploy@203.0.113.10');
      assert.match(await lastLines(page, 1), /deploy@web-1:~\$ |Last login/);
      assert.equal(await stageState(page, 5), 'passed');
    });
  });

  test('port 22 closed by mouse: ssh waits 10 s and times out; Ctrl+C leaves the host-key question', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await byTestId(page, 'ssh-port-22').click();
      assert.equal(await byTestId(page, 'ssh-port-22').isChecked(), false);
      await byTestId(page, 'terminal-input').click();
      await run(page, 'ssh deploy@203.0.113.10');
      assert.match(await output(page), /ssh: connect to host 203\.0\.113\.10 port 22: Connection timed out/);
      assert.equal(await numberIn(byTestId(page, 'ssh-waited')), 10000);
      assert.equal(await stageState(page, 1), 'failed');
      assert.equal((await byTestId(page, 'ssh-login').textContent()).trim(), 'no');
      await byTestId(page, 'ssh-port-22').click();
      await byTestId(page, 'terminal-input').click();
      await run(page, 'ssh deploy@203.0.113.10');
      await page.keyboard.type('mayb');
      await page.keyboard.press('Control+c');
      await page.waitForFunction(() => /mayb\^C/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      assert.equal(await page.locator(INPUT).inputValue(), '');
      assert.match(await page.locator('.term-prompt').textContent(), /you@laptop:~\$/, 'back on the laptop');
      // The feed narrates what happened, for screen readers too.
      assert.match(await byTestId(page, 'events').textContent(), /ssh timed out after 10 s: the firewall drops port 22\./);
    });
  });

  test('on a phone: a tap on the output focuses the input, the key row completes, recalls and interrupts', async () => {
    await withPage(env.browser, { ...PAUSED('ko'), ...PHONE }, async (page) => {
      await openChapter(page, env.srv, 'ssh');
      const { scrollWidth, clientWidth, widest } = await sideScroll(page);
      assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${JSON.stringify(widest)}`);
      await byTestId(page, 'terminal-output').tap();
      assert.ok(await focusedMatches(page, INPUT), 'the tap focused the input');
      await page.keyboard.type('whoam');
      await page.getByRole('button', { name: 'Tab', exact: true }).tap();
      assert.equal(await page.locator(INPUT).inputValue(), 'whoam', 'whoami runs on the server, not here');
      await page.locator(INPUT).fill('hel');
      await page.getByRole('button', { name: 'Tab', exact: true }).tap();
      assert.equal(await page.locator(INPUT).inputValue(), 'help ');
      assert.ok(await focusedMatches(page, INPUT), 'the key kept focus in the input');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /ssh, ssh-keygen/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      await page.getByRole('button', { name: '↑', exact: true }).tap();
      assert.equal(await page.locator(INPUT).inputValue(), 'help');
      await page.getByRole('button', { name: 'Ctrl+C', exact: true }).tap();
      await page.waitForFunction(() => /help\^C/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      assert.equal(await page.locator(INPUT).inputValue(), '');
    });
  });

  test('on a phone, the challenge typed with taps on the input and the key row is solved', async () => {
    await withPage(env.browser, { ...PAUSED('ko'), ...PHONE }, async (page) => {
      await openChapter(page, env.srv, 'ssh');
      const input = page.locator(INPUT);
      const key = (name) => page.getByRole('button', { name, exact: true }).tap();
      await input.tap();
      await page.keyboard.type('ssh deploy@2');
      await key('Tab');
      assert.equal(await input.inputValue(), 'ssh deploy@203.0.113.10 ');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /continue connecting/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
      for (const line of ['yes', 'cd app', 'git pull']) await run(page, line);
      // The restart, and the status check recalled with the key row's ↑ and edited.
      await page.keyboard.type('sudo systemctl re');
      await key('Tab');
      assert.equal(await input.inputValue(), 'sudo systemctl restart ');
      await page.keyboard.type('app');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="terminal-input"]').value === '');
      await key('↑');
      assert.equal(await input.inputValue(), 'sudo systemctl restart app');
      await input.fill('systemctl status app');
      await page.keyboard.press('Enter');
      await waitForSolved(page, 5_000);
      assert.equal((await byTestId(page, 'ssh-version').textContent()).trim(), '1.5.0');
    });
  });

  test('in Korean, an unknown command and an unclosed quote answer as bash does, with a hint in Korean', async () => {
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await byTestId(page, 'terminal-input').click();
      await run(page, 'kubectl get pods');
      assert.match(await output(page), /bash: kubectl: command not found/);
      assert.match(await lastLines(page, 1), /이 터미널이 모르는 명령이에요/);
      await run(page, "echo 'oops");
      assert.match(await lastLines(page, 1), /따옴표를 열고 닫지 않아서/);
      await page.locator(INPUT).fill('x'.repeat(5000));
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="terminal-input"]').value === '');
      const echoed = await byTestId(page, 'terminal-output').locator('div.typed').last().textContent();
      assert.equal(echoed, `you@laptop:~$ ${'x'.repeat(4096)}`, 'the line is cut at 4 KB');
      assert.match(await output(page), /줄이 4 KB보다 길어서/);
      // The language switch rewords hints already on screen.
      await page.getByRole('button', { name: /English/ }).click();
      await page.waitForFunction(() => /The command was used|This terminal does not know/.test(document.querySelector('[data-testid="terminal-output"]').textContent));
    });
  });
});

describe('ssh lab: access', () => {
  for (const lang of ['ko', 'en']) {
    for (const colorScheme of ['light', 'dark']) {
      test(`axe finds nothing in ${lang}, ${colorScheme}, after an error and a login`, async () => {
        await withPage(env.browser, { ...PAUSED(lang), colorScheme }, async (page) => {
          await openChapter(page, env.srv, 'ssh');
          await byTestId(page, 'terminal-input').click();
          await run(page, 'ssh deploy@exmple.com');
          await run(page, 'ssh deploy@203.0.113.10');
          await run(page, 'yes');
          await checkA11y(page, `ssh ${lang} ${colorScheme}`);
        });
      });
    }
  }
});
