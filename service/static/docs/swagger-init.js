// Starts Swagger UI from a file rather than an inline script, so /api/docs runs under the
// dashboard's Content-Security-Policy (no 'unsafe-inline').
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  window.ui = SwaggerUIBundle({ url: container.dataset.specUrl, dom_id: "#swagger-ui-container" });
});
