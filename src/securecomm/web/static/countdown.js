// Hold-board countdowns: tick every second from the server's "now" (data-board-now), so a board that
// shows a simulated instant counts down from that instant, and a wrong clock on the screen's computer
// does not matter. htmx replaces the board every few seconds; a fresh board starts a fresh offset.
(function () {
  "use strict";
  var SOON_SECONDS = 4 * 3600;

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function format(seconds) {
    var left = Math.floor(Math.abs(seconds));
    var days = Math.floor(left / 86400);
    var hours = Math.floor((left % 86400) / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var text = two(hours) + ":" + two(minutes) + ":" + two(left % 60);
    if (days) { text = days + " d " + text; }
    return seconds < 0 ? "past by " + text : text;
  }

  function tick() {
    var boards = document.querySelectorAll("[data-board-now]");
    for (var i = 0; i < boards.length; i++) {
      var board = boards[i];
      if (!board.scLoadedAt) { board.scLoadedAt = Date.now(); }
      var now = Date.parse(board.getAttribute("data-board-now")) + (Date.now() - board.scLoadedAt);
      var clocks = board.querySelectorAll("[data-deadline]");
      for (var j = 0; j < clocks.length; j++) {
        var el = clocks[j];
        var seconds = (Date.parse(el.getAttribute("data-deadline")) - now) / 1000;
        el.textContent = format(seconds);
        var row = el.closest("tr");
        if (row) {
          row.classList.toggle("past", seconds < 0);
          row.classList.toggle("soon", seconds >= 0 && seconds < SOON_SECONDS);
        }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 1000);
})();
