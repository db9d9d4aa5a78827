// Keyboard shortcuts of the labeler: 1-9 and 0 press the class buttons, arrows move between images.
// They click the same buttons and links a mouse would, so htmx sends the same requests.
document.addEventListener('keydown', function (e) {
  const labeler = document.getElementById('labeler');
  if (!labeler || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
  if (e.target.closest && e.target.closest('input, textarea, select')) return;
  let target = null;
  if (e.key === 'ArrowLeft') target = labeler.querySelector('[data-key="prev"]');
  else if (e.key === 'ArrowRight') target = labeler.querySelector('[data-key="next"]');
  else if (/^[0-9]$/.test(e.key)) target = labeler.querySelector('button[data-key="' + e.key + '"]');
  if (target) {
    e.preventDefault();
    target.click();
  }
});
