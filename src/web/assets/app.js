// tandem: small improvements over pages that work without this script.
'use strict';

(function () {
  // Print buttons (the agreement): shown only where this script runs, since they need it.
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });

  // A form sent back with errors: the list of problems gets the focus, so it is read first.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();

  // The sign-up: what the volunteer can help with and when they are free, told before sending
  // when nothing is ticked (the server says the same to a browser without this script).
  var signup = document.querySelector('form[data-need-skills]');
  if (signup) {
    signup.addEventListener('submit', function (event) {
      var missing = [
        { id: 'f-skills', message: signup.dataset.needSkills },
        { id: 'f-slots', message: signup.dataset.needSlots },
      ].filter(function (need) {
        var group = document.getElementById(need.id);
        if (!group) return false;
        var ticked = group.querySelector('input[type="checkbox"]:checked');
        var typed = Array.prototype.some.call(group.querySelectorAll('input[type="text"]'), function (input) {
          return input.value.trim() !== '';
        });
        var shown = document.getElementById(need.id + '-need');
        if (ticked || typed) {
          if (shown) shown.remove();
          group.classList.remove('field--error');
          return false;
        }
        if (!shown) {
          shown = document.createElement('p');
          shown.className = 'error';
          shown.id = need.id + '-need';
          shown.setAttribute('role', 'alert');
          shown.textContent = need.message;
          group.querySelector('legend').after(shown);
        }
        group.classList.add('field--error');
        return true;
      });
      if (missing.length) {
        event.preventDefault();
        var first = document.getElementById(missing[0].id);
        first.scrollIntoView({ block: 'center' });
        var box = first.querySelector('input');
        if (box) box.focus();
      }
    });
  }

  // Municipality suggestions as people type, from /places (the datalist is the browser's own widget).
  document.querySelectorAll('datalist[data-source]').forEach(function (list) {
    var field = document.querySelector('input[list="' + list.id + '"]');
    if (!field) return;
    var timer;
    var last = '';
    field.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = field.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(list.dataset.source + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
          .then(function (r) {
            return r.ok ? r.json() : [];
          })
          .then(function (labels) {
            list.replaceChildren.apply(
              list,
              labels.map(function (label) {
                var option = document.createElement('option');
                option.value = label;
                return option;
              }),
            );
          })
          .catch(function () {});
      }, 150);
    });
  });

  // Programme weights: the value beside each slider, and the ranking preview redrawn as they move.
  var weights = document.querySelector('form[data-preview]');
  if (weights) {
    var pending;
    var refresh = function () {
      weights.querySelectorAll('input[type="range"]').forEach(function (input) {
        var out = document.getElementById(input.id + '-value');
        if (out) out.textContent = Number(input.value).toLocaleString(document.documentElement.lang);
      });
      clearTimeout(pending);
      pending = setTimeout(function () {
        var params = new URLSearchParams();
        new FormData(weights).forEach(function (value, name) {
          if (name.indexOf('w_') === 0 || name === 'beneficiary' || name === 'max_wait') params.append(name, value);
        });
        fetch(weights.dataset.preview + '?' + params, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
          .then(function (r) {
            return r.ok ? r.text() : null;
          })
          .then(function (markup) {
            var current = document.getElementById('preview');
            if (!markup || !current) return;
            var next = new DOMParser().parseFromString(markup, 'text/html').getElementById('preview');
            if (next) current.replaceWith(next);
          })
          .catch(function () {});
      }, 200);
    };
    weights.addEventListener('input', refresh);
    weights.addEventListener('change', refresh);
  }
})();
