// Renders the OpenAPI document into #swagger-ui on the API reference page (/api-docs) with the
// vendored Swagger UI (public/vendor/swagger-ui, copied from npm by scripts/install-tools.sh).
// The page inserts this script each time it mounts (first load or client-side navigation), so
// it loads the bundle and stylesheet once per document and renders again on every run.
(function () {
  'use strict';
  var BASE = '/vendor/swagger-ui/';

  function render() {
    var target = document.getElementById('swagger-ui');
    if (!target || !window.SwaggerUIBundle) return;
    window.SwaggerUIBundle({
      url: '/api-docs/openapi.json',
      domNode: target,
      // No badge from validator.swagger.io: nothing is fetched from other sites.
      validatorUrl: null,
      deepLinking: false,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
    });
    target.dataset.rendered = 'true';
  }

  if (!document.querySelector('link[data-swagger-ui]')) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = BASE + 'swagger-ui.css';
    css.dataset.swaggerUi = 'true';
    document.head.appendChild(css);
  }
  if (window.SwaggerUIBundle) {
    render();
    return;
  }
  var pending = document.querySelector('script[data-swagger-ui]');
  if (pending) {
    pending.addEventListener('load', render);
    return;
  }
  var bundle = document.createElement('script');
  bundle.src = BASE + 'swagger-ui-bundle.js';
  bundle.dataset.swaggerUi = 'true';
  bundle.addEventListener('load', render);
  bundle.addEventListener('error', function () {
    var target = document.getElementById('swagger-ui');
    if (target) target.dataset.rendered = 'failed';
  });
  document.head.appendChild(bundle);
})();
