// Progressive enhancement only: every page works without this file.
'use strict';

// A "copy" button next to a value shown once (a webhook's signing secret): <button data-copy="#id">Copy</button>.
document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-copy]');
    if (!button) {
        return;
    }
    const source = document.querySelector(button.dataset.copy);
    if (!source) {
        return;
    }
    try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = 'Copied';
    } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'Selected: press Ctrl+C';
    }
});
