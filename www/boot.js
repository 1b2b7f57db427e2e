// Interleave's start-up, before the app: the service worker (offline use, and
// cross-origin isolation on hosts that cannot send headers), when the app starts, the
// install prompt, and the height of an embedded widget for its host page.
(() => {
  'use strict';
  const embedded = window.top !== window.self;

  // The front door (see index.html's #app, rendered by the build) holds the home page
  // and the tour's first step: the address picks which one shows until the app runs.
  const door = (() => {
    const hash = location.hash;
    if (['', '#', '#/'].includes(hash)) return 'home';
    if (hash === '#/tour/1' || (hash === '#/tour' && !saved('tour'))) return 'tour';
    return '';
  })();
  document.documentElement.dataset.door = door;
  // Set when the page reloads itself to be isolated: nothing more starts then.
  let reloading = false;
  // Its status line says what the app's will: whether threads can share memory here.
  // The front door calls this right after the line, before the page first paints.
  window.interleaveDoorStatus = () => {
    const line = document.getElementById('door-status');
    if (!line) return;
    const isolated = window.crossOriginIsolated === true;
    line.dataset.isolated = String(isolated);
    line.querySelector('.dot')?.classList.toggle('on', isolated);
    line.querySelector('.isolation').textContent = isolated
      ? 'Cross-origin isolated: shared-memory threads available'
      : embedded
        ? 'Embedded, not cross-origin isolated: parallel work uses message passing'
        : 'Not cross-origin isolated: parallel work uses message passing';
    line.querySelector('.threads').textContent =
      `browser reports ${navigator.hardwareConcurrency || 1} hardware threads`;
  };

  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('./sw.js').catch((e) => {
      console.warn('Interleave: no service worker, so no offline use:', e.message);
    });
    // The service worker adds the isolation headers to what it serves. The first
    // visit was served before it controlled the page: reload once to be isolated.
    // Not in an iframe: a widget in an ordinary page cannot be isolated anyway. Not
    // on the front door's pages, which need no shared memory and would paint twice,
    // and not under a visitor who has started using the page (typing, choosing): then
    // at their next move to another page, which the reload brings them to.
    let used = false;
    for (const type of ['pointerdown', 'keydown']) {
      window.addEventListener(type, () => { used = true; }, { capture: true, once: true });
    }
    const reload = () => {
      if (window.crossOriginIsolated || embedded) return;
      if (sessionStorage.getItem('interleave:isolation-reload')) return;
      sessionStorage.setItem('interleave:isolation-reload', '1');
      reloading = true;
      location.reload();
    };
    // Captured, so that it runs before the app starts for the page being left.
    const reloadOnce = () => (used || door
      ? window.addEventListener('hashchange', reload, { once: true, capture: true })
      : reload());
    if (navigator.serviceWorker.controller) reloadOnce();
    else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  }

  // The page's loader calls this with the app's start. On the front door's home page
  // the app starts when the visitor leaves for another page or reaches for the saved
  // work (at once for a returning visitor with saved work); on its tour step, once the
  // text has painted; anywhere else, at once. While it loads, a bar across the top
  // says so.
  window.interleaveWhenNeeded = (start) => {
    let started = false;
    const go = () => {
      if (started || reloading) return;
      started = true;
      const root = document.documentElement;
      root.classList.add('app-loading');
      document.getElementById('app-failed')?.remove();
      start()
        .catch((e) => {
          // Said on the page, not only in the console. (A module that failed to load
          // stays failed for this page: only a reload fetches it again.)
          console.error('Interleave: the app did not start:', e);
          const alert = document.createElement('p');
          alert.id = 'app-failed';
          alert.className = 'error';
          alert.setAttribute('role', 'alert');
          alert.textContent = 'The playground could not load (' + (e?.message ?? e) +
            '). Check the connection, then reload the page.';
          document.body.prepend(alert);
        })
        .finally(() => root.classList.remove('app-loading'));
    };
    const front = document.querySelector('#app[data-prerendered]');
    // The tour's first step: its text paints first, then the app loads to run it.
    if (front && door === 'tour') return requestAnimationFrame(() => setTimeout(go));
    if (!front || door !== 'home' || saved()) return go();
    // The app's router reads its page from the hash: coming back here, it must find one.
    if (location.hash === '' || location.hash === '#') history.replaceState(history.state, '', '#/');
    window.addEventListener('hashchange', () => {
      if (location.hash.startsWith('#/')) go();
    });
    // The front door offers to install by itself.
    const install = front.querySelector('#door-install');
    const offer = () => { if (install) install.hidden = !window.interleaveInstallPrompt; };
    install?.addEventListener('click', () => {
      window.interleaveInstallPrompt?.prompt();
      window.interleaveInstallPrompt = null;
      offer();
    });
    offer();
    window.addEventListener('interleave:installable', offer);
    for (const type of ['pointerdown', 'focusin']) {
      front.addEventListener(type, (event) => {
        if (event.target.closest?.('.your-work')) go();
      });
    }
  };

  /** Whether this browser keeps saved work (`what`: that one text only). */
  function saved(what = '') {
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i) ?? '';
        if (what ? key === `interleave:work:${what}` : key.startsWith('interleave:work:')) return true;
      }
    } catch { /* storage refused: nothing saved that we could read */ }
    return false;
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
