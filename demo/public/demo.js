// Switches <html lang>; the elements follow without a reload.
const select = document.getElementById('page-lang');
select.value = document.documentElement.lang;
select.addEventListener('change', () => {
  document.documentElement.lang = select.value;
});
