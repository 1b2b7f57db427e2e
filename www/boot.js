// Interleave's start-up, before the app: the service worker (offline use, and
// cross-origin isolation on hosts that cannot send headers), the install prompt, and
// the height of an embedded widget for its host page.
(() => {
  'use strict';
  const embedded = window.top !== window.self;

  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('./sw.js').catch((e) => {
      console.warn('Interleave: no service worker, so no offline use:', e.message);
    });
    // The service worker adds the isolation headers to what it serves. The first
    // visit was served before it controlled the page: reload once to be isolated.
    // Not in an iframe: a widget in an ordinary page cannot be isolated anyway.
    const reloadOnce = () => {
      if (window.crossOriginIsolated || embedded) return;
      if (sessionStorage.getItem('interleave:isolation-reload')) return;
      sessionStorage.setItem('interleave:isolation-reload', '1');
      location.reload();
    };
    if (navigator.serviceWorker.controller) reloadOnce();
    else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  }

  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    window.interleaveInstallPrompt = event;
    window.dispatchEvent(new Event('interleave:installable'));
  });

  // An embedded widget tells its host how tall it is, in one documented message:
  // {type: "interleave:height", height: <CSS pixels>}.
  if (embedded && 'ResizeObserver' in window) {
    let last = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: 'interleave:height', height }, '*');
      }
    }).observe(document.documentElement);
  }
})();
