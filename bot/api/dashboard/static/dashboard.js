// Login through the existing API-14 endpoint (it sets the HttpOnly `token` cookie), logout,
// and the picker submitting itself on change. The page works without this script except login.
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var msg = document.getElementById("login-message");
      msg.textContent = "Memproses…";
      fetch("/api/auth/dashboard-login", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: form.username.value, password: form.password.value })
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (r.ok) { window.location.href = "/dashboard"; return; }
        msg.textContent = (r.body && r.body.message) || "Login gagal.";
      }).catch(function () { msg.textContent = "Server tidak dapat dihubungi. Silakan coba lagi."; });
    });
  }
  var logout = document.getElementById("logout");
  if (logout) {
    logout.addEventListener("click", function () {
      fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" })
        .finally(function () { window.location.href = "/dashboard/login"; });
    });
  }
  var picker = document.getElementById("picker");
  if (picker) {
    Array.prototype.forEach.call(picker.querySelectorAll("select"), function (sel) {
      sel.addEventListener("change", function () { picker.submit(); });
    });
  }
})();
