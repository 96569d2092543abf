// The browser side of the JS-widget host (src/kit/js_widget.rs), loaded by every page as a
// classic script before the app's bundle (a wasm-bindgen snippet module would be simpler, but
// cargo-leptos 0.3.5's hash-files renames snippets without the wasm's import names, so the
// bundle would not load). It defines window.wocWidgets. Vendored JavaScript widgets
// (Swagger UI now; bpmn-js and echarts as their screens arrive) are mounted into an element
// the Rust component owns, get their configuration as JSON, and report events as a name and
// a JSON detail. Each widget's files load once per document, from this site (public/vendor,
// copied from npm by scripts/install-tools.sh), never from a CDN.

(function () {
'use strict';

const loads = new Map();

function once(url, create) {
  if (!loads.has(url)) {
    loads.set(url, new Promise((resolve, reject) => {
      const el = create();
      el.addEventListener('load', () => resolve());
      el.addEventListener('error', () => {
        loads.delete(url);
        reject(new Error(`cannot load ${url}`));
      });
      document.head.appendChild(el);
    }));
  }
  return loads.get(url);
}

const script = (src) => once(src, () => Object.assign(document.createElement('script'), { src }));
const style = (href) => once(href, () => Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));

// A widget: the files it needs, and how it mounts into an element with a configuration;
// mount returns { update(config), destroy() }.
const WIDGETS = {
  'swagger-ui': {
    scripts: ['/vendor/swagger-ui/swagger-ui-bundle.js'],
    styles: ['/vendor/swagger-ui/swagger-ui.css'],
    mount(el, config, emit) {
      const render = (c) => window.SwaggerUIBundle({
        url: c.url,
        domNode: el,
        // No badge from validator.swagger.io: nothing is fetched from other sites.
        validatorUrl: null,
        deepLinking: false,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        onComplete: () => emit('rendered', {}),
      });
      render(config);
      return { update: render, destroy: () => el.replaceChildren() };
    },
  },
};

// Mounts widget `name` into `el`; returns a handle at once, the widget appears when its files
// have loaded. `emit(name, detailJson)` reports events; a failure to load is the event
// `failed` with `{ message }`.
function mount(name, el, configJson, emit) {
  const handle = { el, instance: null, destroyed: false, config: JSON.parse(configJson) };
  const widget = WIDGETS[name];
  const send = (event, detail) => emit(event, JSON.stringify(detail ?? {}));
  if (!widget) {
    send('failed', { message: `unknown widget ${name}` });
    return handle;
  }
  Promise.all([...widget.styles.map(style), ...widget.scripts.map(script)])
    .then(() => {
      if (handle.destroyed) return;
      handle.instance = widget.mount(el, handle.config, send);
    })
    .catch((e) => send('failed', { message: String(e && e.message || e) }));
  return handle;
}

// Gives a mounted widget a new configuration.
function update(handle, configJson) {
  handle.config = JSON.parse(configJson);
  if (handle.instance) handle.instance.update(handle.config);
}

// Removes the widget; safe before its files have loaded.
function unmount(handle) {
  handle.destroyed = true;
  if (handle.instance) handle.instance.destroy();
  handle.instance = null;
}

window.wocWidgets = { mount, update, unmount };
})();
