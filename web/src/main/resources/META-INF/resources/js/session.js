// A session can end while a page is open (logged out in another tab, Needle restarted, Keycloak's idle timeout). An
// htmx request then comes back as a 401, as the login page (a redirect the browser followed) or as Quarkus OIDC's
// 499 (Keycloak: a cross-site redirect a script cannot follow). Either way, load the whole page again, which leads the
// person to the login, instead of swapping a login form into a fragment or doing nothing.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  var landedOnLogin = xhr.responseURL && new URL(xhr.responseURL).pathname === '/login';
  if (xhr.status === 401 || xhr.status === 499 || landedOnLogin) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
