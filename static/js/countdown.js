// Counts down to the haat's opening or closing. Optional: without it the time is shown.
(function () {
  var bn = document.documentElement.lang === "bn";
  var digits = "০১২৩৪৫৬৭৮৯";
  function local(s) { return bn ? s.replace(/[0-9]/g, function (d) { return digits[d]; }) : s; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The page may come from the cache: count from the server's clock when it was sent
  // (meta server-now), not from when it was rendered.
  var meta = document.querySelector('meta[name="server-now"]');
  var skew = meta ? parseInt(meta.content, 10) * 1000 - Date.now() : 0;
  document.querySelectorAll(".countdown[data-until]").forEach(function (el) {
    var end = parseInt(el.dataset.until, 10) * 1000 - skew;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600);
      var m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = local((d ? d + (bn ? " দিন " : "d ") : "") + pad(h) + ":" + pad(m) + ":" + pad(s));
      if (left > 0) { setTimeout(tick, 1000); }
    }
    tick();
  });
})();
