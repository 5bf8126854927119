// The accident form: "Add another injured person" appends a copy of the formset's empty form.
(function () {
  const button = document.querySelector("[data-add-person]");
  const template = document.querySelector("template[data-empty-form]");
  const list = document.querySelector("[data-formset]");
  const total = document.querySelector("input[name$='-TOTAL_FORMS']");
  if (!button || !template || !list || !total) return;
  button.addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = list.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  });
})();
