// Brings the page's islands to life once the browser is idle: loads the wasm, then
// hydrates each <leptos-island> in document order. An island inside another island's
// <leptos-children> is hydrated under that island, so it can use what the outer one
// provides; any other under the page's root. `window.isntgram.hydrate(node)` does the
// same for HTML added later (the next page of a list), one walk at a time.
((jsPath, wasmPath) => {
  const start = async () => {
    const wasm = await import(jsPath).catch((error) => {
      // A module with lazy islands that was never split imports a placeholder.
      throw new Error(`${error.message} (built without splitting? cargo leptos watch --split)`);
    });
    await wasm.default({ module_or_path: wasmPath });
    wasm.hydrate();
    // The hooks of the <leptos-children> being walked: each makes its island's
    // reactive owner the current one.
    const enclosing = [];
    const hydrateIsland = async (element) => {
      const island = wasm[element.dataset.component];
      if (!island) {
        console.warn(`no island named ${element.dataset.component}`);
        return;
      }
      const enter = enclosing.at(-1) ?? wasm.enter_page_root;
      enter();
      await island(element);
    };
    const walk = async (node) => {
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const tag = node.localName;
      if (tag === 'leptos-island') {
        await hydrateIsland(node);
      } else if (tag === 'leptos-children') {
        enclosing.push(node.$$on_hydrate);
      }
      for (const child of node.children) await walk(child);
      if (tag === 'leptos-children') enclosing.pop();
    };
    let walks = walk(document.body);
    window.isntgram = {
      hydrate: (node) => (walks = walks.then(() => walk(node))),
    };
    await walks;
    document.body.dataset.hydrated = 'true';
  };
  if ('requestIdleCallback' in window) {
    requestIdleCallback(start, { timeout: 2000 });
  } else {
    setTimeout(start, 0);
  }
})
