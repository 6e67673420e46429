/* Renda picker: searchable choosing over plain form controls, no framework.
 *
 * Progressive enhancement: without this file every form still works (a
 * <select multiple>, or the grouped rows of a list). With it:
 *
 * 1. <select data-picker> (multiple or single): the select is hidden but kept
 *    (it is what the form submits); above it come the chosen as chips (tap to
 *    remove), a search box, and the options as large rows (tap to choose).
 *    An <option data-search="zhangsan zs"> is also found by those keys (full
 *    pinyin and initials); <optgroup> labels are kept as headings, so a server
 *    that lists "本站代表" first shows them first.
 * 2. [data-picker-filter] on a container: a search box filters its
 *    [data-search] rows by their text and keys; <details> groups holding a
 *    match open, groups without one hide, and clearing the box restores them.
 *
 * Licence: the project's own code (see LICENSE).
 */
(function () {
  "use strict";

  function normalize(text) {
    return (text || "").toLowerCase().replace(/[\s·•・.]+/g, "");
  }

  function matches(query, text, keys) {
    if (!query) return true;
    if (normalize(text).indexOf(query) !== -1) return true;
    return (keys || "").toLowerCase().split(/\s+/).some(function (key) {
      return key && key.indexOf(query) !== -1;
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  var counter = 0;

  function enhanceSelect(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    counter += 1;
    var multiple = select.multiple;
    var noun = select.dataset.pickerNoun || "项";
    var wrap = el("div", { class: "picker" });
    var chips = el("ul", { class: "picker-chips", "aria-label": "已选" });
    var status = el("p", { class: "picker-status muted", "aria-live": "polite" });
    var searchId = "picker-search-" + counter;
    var label = el("label", { for: searchId, class: "picker-label" },
      select.dataset.pickerLabel || "查找（可输入拼音或首字母）");
    var search = el("input", {
      type: "search", id: searchId, class: "picker-search", autocomplete: "off",
      enterkeyhint: "search",
      placeholder: select.dataset.pickerPlaceholder || "输入名称、拼音或首字母",
    });
    var list = el("ul", { class: "picker-options", role: "listbox" });
    if (multiple) list.setAttribute("aria-multiselectable", "true");
    list.setAttribute("aria-label", select.dataset.pickerListLabel || "可选项（点选或取消）");
    var empty = el("p", { class: "picker-empty muted", hidden: "" }, "没有找到，请换个写法。");
    var rows = [];

    Array.prototype.forEach.call(select.children, function (child) {
      var group = child.tagName === "OPTGROUP" ? child : null;
      var options = group ? child.children : [child];
      var heading = null;
      if (group) {
        heading = el("li", { class: "picker-group", role: "presentation" }, group.label);
        list.appendChild(heading);
      }
      Array.prototype.forEach.call(options, function (option) {
        if (!option.value) return;
        var row = el("li", {
          class: "picker-option", role: "option", tabindex: "-1",
          "data-value": option.value,
        });
        row.appendChild(el("span", { class: "picker-check", "aria-hidden": "true" }));
        row.appendChild(el("span", { class: "picker-text" }, option.textContent));
        if (option.dataset.hint) {
          row.appendChild(el("span", { class: "picker-hint muted" }, option.dataset.hint));
        }
        rows.push({ row: row, option: option, heading: heading });
        list.appendChild(row);
      });
    });

    function refresh() {
      chips.textContent = "";
      var chosen = 0;
      rows.forEach(function (item) {
        var on = item.option.selected;
        item.row.setAttribute("aria-selected", on ? "true" : "false");
        if (!on) return;
        chosen += 1;
        var li = el("li");
        var chip = el("button", {
          type: "button", class: "picker-chip",
          "aria-label": "移除 " + item.option.textContent,
        }, item.option.textContent);
        chip.appendChild(el("span", { "aria-hidden": "true" }, " ×"));
        chip.addEventListener("click", function () {
          item.option.selected = false;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          refresh();
          search.focus();
        });
        li.appendChild(chip);
        chips.appendChild(li);
      });
      status.textContent = chosen ? "已选 " + chosen + " " + noun : "尚未选择";
    }

    function filter() {
      var query = normalize(search.value);
      var shown = 0;
      var headings = new Map();
      rows.forEach(function (item) {
        var ok = matches(query, item.option.textContent, item.option.dataset.search);
        item.row.hidden = !ok;
        if (ok) shown += 1;
        if (item.heading) headings.set(item.heading, headings.get(item.heading) || ok);
      });
      headings.forEach(function (visible, heading) { heading.hidden = !visible; });
      empty.hidden = shown !== 0;
    }

    function toggle(item) {
      if (multiple) {
        item.option.selected = !item.option.selected;
      } else {
        item.option.selected = true;
      }
      select.dispatchEvent(new Event("change", { bubbles: true }));
      refresh();
    }

    rows.forEach(function (item) {
      item.row.addEventListener("click", function () { toggle(item); });
      item.row.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle(item);
        }
      });
    });
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      // Enter in the search box chooses the only match instead of submitting.
      if (event.key !== "Enter") return;
      event.preventDefault();
      var visible = rows.filter(function (item) { return !item.row.hidden; });
      if (visible.length === 1) {
        toggle(visible[0]);
        search.select();
      }
    });

    wrap.appendChild(chips);
    wrap.appendChild(status);
    wrap.appendChild(label);
    wrap.appendChild(search);
    wrap.appendChild(list);
    wrap.appendChild(empty);
    select.parentNode.insertBefore(wrap, select);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    refresh();
    filter();
  }

  function enhanceFilter(container) {
    if (container.dataset.pickerReady) return;
    container.dataset.pickerReady = "1";
    counter += 1;
    var searchId = "picker-filter-" + counter;
    var box = el("div", { class: "picker-filter" });
    box.appendChild(el("label", { for: searchId, class: "picker-label" },
      container.dataset.pickerFilter || "查找（可输入拼音或首字母）"));
    var search = el("input", {
      type: "search", id: searchId, class: "picker-search", autocomplete: "off",
      enterkeyhint: "search",
      placeholder: container.dataset.pickerPlaceholder || "输入名称、拼音或首字母",
    });
    box.appendChild(search);
    var empty = el("p", { class: "picker-empty muted", hidden: "" }, "没有找到，请换个写法。");
    var rows = Array.prototype.slice.call(container.querySelectorAll("[data-search]"));
    var groups = Array.prototype.slice.call(container.querySelectorAll("details"));
    var wasOpen = new Map();
    groups.forEach(function (group) { wasOpen.set(group, group.open); });

    search.addEventListener("input", function () {
      var query = normalize(search.value);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(query, row.dataset.searchText || row.textContent, row.dataset.search);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        if (!query) {
          group.hidden = false;
          group.open = wasOpen.get(group);
          return;
        }
        var any = group.querySelector("[data-search]:not([hidden])");
        group.hidden = !any;
        group.open = Boolean(any);
      });
      empty.hidden = shown !== 0;
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (!search.value) wasOpen.set(group, group.open);
      });
    });
    container.insertBefore(box, container.firstChild);
    container.appendChild(empty);
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhanceSelect);
    (root || document).querySelectorAll("[data-picker-filter]").forEach(enhanceFilter);
  }

  window.RendaPicker = { init: init, matches: matches };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
