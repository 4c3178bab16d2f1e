// Brings the page's islands to life once the browser is idle: loads the wasm, then
// hydrates each <leptos-island> in document order. An island inside another island's
// <leptos-children> is hydrated under that island, so it can use what the outer one
// provides; any other under the page's root. `window.isntgram.hydrate(node)` does the
// same for HTML added later (the next page of a list), one walk at a time.
//
// Some islands wait (each a wasm file of its own): comments and the options menus of
// a post and a profile are fetched and run only when used (a pointer, a key
// or focus reaches them) or, for a post page's comments, when their "Load more" link
// comes within a screen (where more load as the end comes near). Until then they are
// the server's HTML, whose links and forms work as they do without JavaScript; a click
// on a control or a submit that arrives before the island runs is held and done again
// once it does. Islands of the post page's comments wake together, as they share the
// thread of the island around them (its list and its form).
((jsPath, wasmPath) => {
  const WAITS = {
    FeedComments: 'use',
    PostOptions: 'use',
    ProfileOptions: 'use',
    PostComments: 'more',
    PostCommentForm: 'more',
  };
  const SLICE_MS = 30;

  const start = async () => {
    const wasm = await import(jsPath).catch((error) => {
      // A module with lazy islands that was never split imports a placeholder.
      throw new Error(`${error.message} (built without splitting? cargo leptos watch --split)`);
    });
    await wasm.default({ module_or_path: wasmPath });
    wasm.hydrate();

    let walks = Promise.resolve();
    const later = (work) => (walks = walks.then(work));

    // `enclosing`: the hooks of the <leptos-children> around the node, innermost last;
    // each makes its island's reactive owner the current one.
    const hydrateIsland = async (element, enclosing) => {
      const island = wasm[element.dataset.component];
      if (!island) {
        console.warn(`no island named ${element.dataset.component}`);
        return;
      }
      (enclosing.at(-1) ?? wasm.enter_page_root)();
      await island(element);
    };

    // Islands waiting for more by the hook of the island around them (the page's own:
    // null); one waiting for use is a group of its own.
    const groups = new Map();
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) entry.target.$$wake();
    }, { rootMargin: '100% 0px' });
    const wait = (element, enclosing, until) => {
      const key = until === 'more' ? enclosing.at(-1) ?? null : element;
      let group = groups.get(key);
      if (!group) {
        group = { islands: [], woken: null, done: false };
        groups.set(key, group);
      }
      group.islands.push([element, enclosing]);
      const wake = () => {
        if (!group.woken) {
          groups.delete(key);
          group.woken = later(async () => {
            for (const [island, around] of group.islands) {
              for (const link of island.querySelectorAll('a[data-after]')) near.unobserve(link);
              await walkIsland(island, around);
            }
            group.done = true;
          });
        }
        return group.woken;
      };
      for (const type of ['pointerdown', 'focusin', 'keydown']) {
        element.addEventListener(type, wake, { capture: true, once: true });
      }
      // Links keep going where they lead: none of these islands gives one another use.
      element.addEventListener('click', (event) => {
        const control = event.target.closest('button, input, label, select, summary');
        if (group.done || !control) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        wake().then(() => control.click());
      }, { capture: true });
      element.addEventListener('submit', (event) => {
        if (group.done) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        const form = event.target;
        const submitter = event.submitter;
        wake().then(() => form.requestSubmit(submitter?.form === form ? submitter : undefined));
      }, { capture: true });
      // The "Load more" link of a list (ui::load_more), there while more can be had.
      if (until === 'more') {
        for (const link of element.querySelectorAll('a[data-after]')) {
          link.$$wake = wake;
          near.observe(link);
        }
      }
    };

    // Hydration gives the main thread back every 30 ms, so a page of many islands (the
    // feed's twelve cards) never holds up input for long: only tasks over 50 ms do.
    let sliceStarted = performance.now();
    const giveWay = async () => {
      if (performance.now() - sliceStarted < SLICE_MS) return;
      await (globalThis.scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve, 0)));
      sliceStarted = performance.now();
    };

    const walkIsland = async (element, enclosing) => {
      await giveWay();
      await hydrateIsland(element, enclosing);
      for (const child of element.children) await walk(child, enclosing);
    };
    const walk = async (node, enclosing) => {
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const tag = node.localName;
      if (tag === 'leptos-island') {
        const until = WAITS[node.dataset.component.replace(/_\d+$/, '')];
        if (until) {
          wait(node, enclosing, until);
        } else {
          await walkIsland(node, enclosing);
        }
        return;
      }
      if (tag === 'leptos-children') enclosing = [...enclosing, node.$$on_hydrate];
      for (const child of node.children) await walk(child, enclosing);
    };

    window.isntgram = { hydrate: (node) => later(() => walk(node, [])) };
    await later(() => walk(document.body, []));
    document.body.dataset.hydrated = 'true';
  };
  if ('requestIdleCallback' in window) {
    requestIdleCallback(start, { timeout: 2000 });
  } else {
    setTimeout(start, 0);
  }
})
