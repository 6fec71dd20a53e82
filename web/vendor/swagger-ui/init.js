// hireflow: start Swagger UI on the API's own document; calls carry the signed-in
// user's ID token (sessionStorage, set by the sign-in page).
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  requestInterceptor: (request) => {
    const token = sessionStorage.getItem("hireflow.idToken");
    if (token) request.headers.Authorization = token;
    return request;
  },
});
