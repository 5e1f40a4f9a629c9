/**
 * Version forms of the Datastores panel: when the manager changes, fill
 * in Trove's registry_ext and repl_strategy classes for it, unless the
 * operator typed classes of their own. Trove keeps the stored classes
 * when only the manager changes, so without this the old manager's
 * classes would stay in place.
 */
(function ($) {
  'use strict';

  function isOffered(defaults, field, value) {
    if (value === '') {
      return true;
    }
    return Object.keys(defaults).some(function (manager) {
      return defaults[manager][field] === value;
    });
  }

  $(document).on('change', 'select[data-manager-defaults]', function () {
    var select = this;
    var form = $(select).closest('form');
    var defaults = JSON.parse(select.getAttribute('data-manager-defaults'));
    var offered = defaults[select.value] || {};

    ['registry_ext', 'repl_strategy'].forEach(function (field) {
      var input = form.find('input[name=' + field + ']');
      if (input.length && isOffered(defaults, field, input.val())) {
        input.val(offered[field] || '');
      }
    });
  });
}(jQuery));
