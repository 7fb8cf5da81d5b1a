// Registers the service worker and, when a new deploy is waiting, offers to reload.
// Plain JavaScript outside the wasm: it must work even before (or without) the app starting.
(() => {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;

  const TEXT = {
    ko: { message: '새 버전이 있어요.', reload: '새로 고침' },
    en: { message: 'A new version is available.', reload: 'Reload' },
  };

  function offerReload(worker) {
    if (document.getElementById('update-banner')) return;
    const text = TEXT[document.documentElement.lang] ?? TEXT.en;
    const banner = document.createElement('div');
    banner.id = 'update-banner';
    banner.className = 'update-banner';
    banner.setAttribute('role', 'status');
    const message = document.createElement('p');
    message.textContent = text.message;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text.reload;
    button.addEventListener('click', () => worker.postMessage('skip-waiting'));
    banner.append(message, button);
    document.body.append(banner);
  }

  // The first visit's worker takes control too; only a replacement should reload the page.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    location.reload();
  });

  window.addEventListener('load', async () => {
    try {
      const registration = await navigator.serviceWorker.register('sw.js');
      const watch = (worker) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offerReload(worker);
        });
      };
      if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
      if (registration.installing) watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
    } catch (error) {
      // Offline support is a bonus: the site works without it.
      console.warn('service worker not registered:', error);
    }
  });
})();
