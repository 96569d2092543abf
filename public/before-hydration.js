// Until the app has hydrated (the bundle sets <body data-hydrated="true">), a click on a link
// is the browser's: a page load. Leptos's router listens for link clicks as soon as hydration
// starts, but hydration waits for the page's lazy route to load; a navigation in between left
// the rest of the page as the server rendered it (the side navigation kept marking the
// previous page as current). Capturing on the window runs ahead of every other listener;
// stopping propagation (not the default action) leaves the click to the browser. Plain
// JavaScript, not wasm: it must act before the bundle has loaded and costs the bundle nothing.
window.addEventListener('click', (event) => {
  if (document.body?.dataset.hydrated === 'true') return;
  if (event.target instanceof Element && event.target.closest('a[href]')) {
    event.stopPropagation();
  }
}, true);
