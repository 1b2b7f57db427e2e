// Interleave's start-up, before the app: the service worker (offline use, and
// cross-origin isolation on hosts that cannot send headers), when the app starts, the
// install prompt, and the height of an embedded widget for its host page.
(() => {
  'use strict';
  const embedded = window.top !== window.self;

  // The front door (see index.html's #app, rendered by the build) holds the home page
  // and the tour's first step: the address picks which one shows until the app runs.
  // (Its status line's figures, and any page's, are this script's to write.)
  const door = (() => {
    const hash = location.hash;
    if (['', '#', '#/'].includes(hash)) return 'home';
    if (hash === '#/tour/1' || (hash === '#/tour' && !saved('tour'))) return 'tour';
    return '';
  })();
  document.documentElement.dataset.door = door;
  // Any other page the build rendered (`pages/<route>.html`): fetched at once and shown
  // until the app takes it over, so that its text paints before any wasm arrives. Its
  // controls wait for the app (inert), so that nothing typed into them is lost.
  const page = (() => {
    if (door) return '';
    const path = location.hash.replace(/^#/, '').split('?')[0];
    const known = /^\/(lesson|embed)\/[a-z0-9-]+$/.test(path) || /^\/(embed\/)?tour\/\d+$/.test(path);
    return known ? `pages/${path.slice(1).replace(/\//g, '-')}.html` : '';
  })();
  let painted = Promise.resolve();
  if (page) {
    const shown = fetch(page).then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status))));
    const show = (html) => {
      const app = document.getElementById('app');
      if (!app || app.hasAttribute('data-live')) return;
      app.innerHTML = html;
      app.dataset.prerendered = 'page';
      // Its lesson as the build rendered it is the first state: where the link or the
      // learner's saved work makes it another, its body waits for the app.
      const lesson = !/^#\/(embed\/)?tour/.test(location.hash);
      if (lesson && (location.hash.includes('?') || savedBesides('tour'))) app.dataset.waiting = '';
      document.documentElement.dataset.door = 'page';
      // Not usable until the app runs: inert, and disabled (as a screen reader and an
      // automated test should take it), though not drawn dimmed for it.
      app.setAttribute('aria-busy', 'true');
      for (const control of app.querySelectorAll('textarea, input, select, button')) {
        control.inert = true;
        if (!control.disabled) {
          control.disabled = true;
          control.dataset.doorDisabled = '';
        }
      }
      const title = app.querySelector('h1')?.textContent.trim();
      if (title && !/^\/?#\/(embed\/)?tour/.test(location.hash)) document.title = `${title} \u00b7 Interleave`;
      window.interleaveDoorStatus?.();
    };
    painted = shown.then((html) => new Promise((done) => {
      const now = () => { show(html); requestAnimationFrame(() => setTimeout(done)); };
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', now, { once: true });
      } else {
        now();
      }
    })).catch(() => { /* the app shows the page when it runs */ });
  }
  // The app's loader waits for this before it fetches the page's part, the largest
  // file: on a slow link the page's text comes first.
  window.interleavePainted = painted;
  // Set when the page reloads itself to be isolated: nothing more starts then.
  let reloading = false;
  // Its status line says what the app's will: whether threads can share memory here.
  // The front door calls this right after the line, before the page first paints.
  window.interleaveDoorStatus = () => {
    for (const figure of document.querySelectorAll('#app [data-door-threads]')) {
      figure.textContent = String(navigator.hardwareConcurrency || 1);
    }
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

  // The service worker (offline use, and the isolation headers on hosts that cannot
  // send them) is registered once the page works: its precache of the whole site then
  // never competes with the page's own first load on a slow link. That is when the app
  // has drawn the page (`interleave:live`), or, where no app starts (the front door's
  // home page), once the page has loaded; and at the latest 15 s after the load.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    let registered = false;
    const register = () => {
      if (registered) return;
      registered = true;
      navigator.serviceWorker.register('./sw.js').catch((e) => {
        console.warn('Interleave: no service worker, so no offline use:', e.message);
      });
    };
    window.addEventListener('interleave:live', () => setTimeout(register), { once: true });
    window.addEventListener('load', () => {
      if (!window.interleaveAppStarted) setTimeout(register);
      setTimeout(register, 15_000);
    }, { once: true });
    // The page is not reloaded to be isolated on its own: only the lessons that share
    // memory between workers need it, and they ask for it (`interleaveIsolate`) when the
    // learner reaches for shared memory, so that no other first visit loads twice.
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      window.dispatchEvent(new Event('interleave:isolable'));
    });
  }
  /** Whether a reload would make this page cross-origin isolated: its service worker,
   * which adds the headers, controls it, and it is not in an iframe. */
  window.interleaveCanIsolate = () => !window.crossOriginIsolated && !embedded &&
    Boolean(navigator.serviceWorker?.controller);
  /** Reloads the page once to be isolated, if that can work; whether it does. */
  window.interleaveIsolate = () => {
    if (!window.interleaveCanIsolate()) return false;
    reloading = true;
    location.reload();
    return true;
  };

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
      window.interleaveAppStarted = true;
      const root = document.documentElement;
      root.classList.add('app-loading');
      // The bar goes once the app has drawn its page (its part fetched too).
      window.addEventListener('interleave:live', () => root.classList.remove('app-loading'), { once: true });
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
          root.classList.remove('app-loading');
        });
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

  /** Whether this browser keeps saved work other than `what`. */
  function savedBesides(what) {
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i) ?? '';
        if (key.startsWith('interleave:work:') && key !== `interleave:work:${what}`) return true;
      }
    } catch { /* storage refused: nothing saved that we could read */ }
    return false;
  }

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
