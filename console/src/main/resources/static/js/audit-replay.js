// A running replay's page reloads itself until the replay has an outcome; without this file a link does the same.
'use strict';

(() => {
    const replay = document.getElementById('replay');
    if (replay && replay.dataset.running === 'true') {
        setTimeout(() => window.location.reload(), 2000);
    }
})();
