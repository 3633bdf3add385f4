// "Verify in my browser": checks, with the browser's own WebCrypto and without taking the server's word for
// anything, that a log entry is in the tree whose root the latest checkpoint signs, and that the checkpoint is
// signed by the log's key. Everything is recomputed here from bytes: the entry's exact leaf bytes, the audit path's
// hashes, the signed note's text. See docs/audit-log.md and the tlog module (Merkle, NoteVerifier) for the same
// checks in Java.
'use strict';

(() => {
    const utf8 = new TextEncoder();

    /** A reason the check failed, shown to the auditor as it is. */
    class NotVerified extends Error {
    }

    const fail = (reason) => {
        throw new NotVerified(reason);
    };

    function fromBase64(text, what) {
        try {
            return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
        } catch (e) {
            return fail(`${what} is not base64`);
        }
    }

    const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
    const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

    function concat(...parts) {
        const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
        let at = 0;
        for (const part of parts) {
            out.set(part, at);
            at += part.length;
        }
        return out;
    }

    const equal = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

    async function sha256(bytes) {
        return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    }

    // RFC 6962 §2.1 (RFC 9162 §2.1.1): the 0x00 and 0x01 prefixes keep a leaf from ever hashing like a node.
    const leafHash = (entry) => sha256(concat(Uint8Array.of(0x00), entry));
    const nodeHash = (left, right) => sha256(concat(Uint8Array.of(0x01), left, right));

    /**
     * RFC 9162 §2.1.3.2, step by step: the root that the audit path `proof` leads to from the leaf hash of entry
     * `index` in a tree of `size` entries. Numbers stay exact below 2^53, far beyond any log size here.
     */
    async function rootFromInclusionProof(index, size, leaf, proof) {
        if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
            fail(`entry ${index} is not in a tree of size ${size}`);
        }
        let fn = index;
        let sn = size - 1;
        let r = leaf;
        for (const p of proof) {
            if (p.length !== 32) {
                fail(`a proof hash has ${p.length} bytes, not 32`);
            }
            if (sn === 0) {
                fail(`the proof has ${proof.length} hashes, more than the path from entry ${index} to the root`);
            }
            if (fn % 2 === 1 || fn === sn) {
                r = await nodeHash(p, r);
                while (fn % 2 === 0 && fn !== 0) {
                    fn = Math.floor(fn / 2);
                    sn = Math.floor(sn / 2);
                }
            } else {
                r = await nodeHash(r, p);
            }
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
        }
        if (sn !== 0) {
            fail(`the proof has ${proof.length} hashes, fewer than the path from entry ${index} to the root`);
        }
        return r;
    }

    /**
     * A C2SP note verifier key `<name>+<hex key hash>+<base64(0x01 || Ed25519 public key)>`. The key hash is the
     * first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key); it must match, as Go's note.NewVerifier checks.
     */
    async function parseVerifierKey(verifierKey) {
        // Split at the first two '+' only: base64 uses '+' too.
        const [, name, hashHex, encodedKey] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(verifierKey.trim())
            || fail('the verifier key is not <name>+<hash>+<key>');
        const encoded = fromBase64(encodedKey, 'the verifier key');
        if (encoded.length !== 33 || encoded[0] !== 0x01) {
            fail('the verifier key is not an Ed25519 key');
        }
        const publicKey = encoded.slice(1);
        const hash = (await sha256(concat(utf8.encode(name), Uint8Array.of(0x0a, 0x01), publicKey))).slice(0, 4);
        if (toHex(hash) !== hashHex) {
            fail("the verifier key's hash does not match its name and key");
        }
        const key = await crypto.subtle.importKey('raw', publicKey, {name: 'Ed25519'}, false, ['verify']);
        return {name, hash, key};
    }

    /**
     * C2SP signed-note: the text is everything up to and including the newline before the last blank line; each
     * signature line is `— <name> <base64(4-byte key hash || 64-byte Ed25519 signature)>` (U+2014, a space). The
     * signature is over the text's UTF-8 bytes. Returns the text if one signature by `verifier` verifies.
     */
    async function openNote(note, verifier) {
        const split = note.lastIndexOf('\n\n');
        if (split < 0 || !note.endsWith('\n')) {
            fail('the checkpoint is not a signed note (text, a blank line, signature lines)');
        }
        const text = note.slice(0, split + 1);
        for (const line of note.slice(split + 2, -1).split('\n')) {
            if (!line.startsWith('\u2014 ')) {
                fail(`the checkpoint has a malformed signature line: ${line}`);
            }
            const fields = line.slice(2).split(' ');
            if (fields.length !== 2 || fields[0] !== verifier.name) {
                continue;
            }
            const tagged = fromBase64(fields[1], 'a signature');
            if (tagged.length !== 4 + 64 || !equal(tagged.slice(0, 4), verifier.hash)) {
                continue;
            }
            if (await crypto.subtle.verify({name: 'Ed25519'}, verifier.key, tagged.slice(4), utf8.encode(text))) {
                return text;
            }
        }
        return fail(`the checkpoint carries no valid Ed25519 signature by ${verifier.name}`);
    }

    /** C2SP tlog-checkpoint body: origin, decimal tree size, base64 root hash (then optional extension lines). */
    function parseCheckpoint(text, origin) {
        const lines = text.split('\n');
        if (lines.length < 4 || lines[0] !== origin) {
            fail(`the checkpoint is not one of the log ${origin}`);
        }
        if (!/^(0|[1-9][0-9]*)$/.test(lines[1]) || !Number.isSafeInteger(Number(lines[1]))) {
            fail('the checkpoint has no valid tree size');
        }
        const root = fromBase64(lines[2], "the checkpoint's root");
        if (root.length !== 32) {
            fail("the checkpoint's root is not a SHA-256 hash");
        }
        return {origin, size: Number(lines[1]), root};
    }

    async function fetchFrom(url, read) {
        const response = await fetch(url, {credentials: 'same-origin', redirect: 'error'}).catch(() =>
            fail(`the console did not answer ${url} (signed out?)`));
        if (!response.ok) {
            const problem = await response.json().catch(() => ({}));
            fail(`${url} was refused: HTTP ${response.status} ${problem.detail || problem.title || ''}`.trim());
        }
        return read(response);
    }

    /** The developer hook: alters one byte of the proof (or of the entry, for a one-entry tree). */
    function alterOneByte(proof, entry) {
        const target = proof.length > 0 ? proof[0] : entry;
        target[0] ^= 0x01;
    }

    /**
     * The whole check of entry `index`: key (the auditor's own `verifierKey`, else the published one), signed
     * checkpoint, the entry's bytes (which must be the event `eventId` the page shows), the audit path to the signed
     * root. Resolves with what was proven, or rejects with NotVerified naming what failed.
     */
    async function check(index, {base = '/audit', verifierKey, eventId, tamper = false} = {}) {
        const verifier = await parseVerifierKey(verifierKey
            || (await fetchFrom(`${base}/public-key`, (r) => r.json())).verifierKey);
        const note = await fetchFrom(`${base}/checkpoint`, (r) => r.text());
        const checkpoint = parseCheckpoint(await openNote(note, verifier), verifier.name);
        if (index >= checkpoint.size) {
            fail(`entry ${index} is not yet in the signed checkpoint of size ${checkpoint.size}`);
        }
        const exported = await fetchFrom(`${base}/entries/${index}`, (r) => r.json());
        const entry = fromBase64(exported.entry, 'the entry');
        if (eventId !== undefined) {
            let event;
            try {
                event = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(entry));
            } catch (e) {
                fail(`entry ${index}'s bytes are not a JSON event`);
            }
            if (event.id !== eventId) {
                fail(`entry ${index} holds event ${event.id}, not the event ${eventId} shown here`);
            }
        }
        const answer = await fetchFrom(`${base}/proofs/inclusion?index=${index}&treeSize=${checkpoint.size}`,
            (r) => r.json());
        const proof = answer.hashes.map((hash) => fromBase64(hash, 'a proof hash'));
        if (tamper) {
            alterOneByte(proof, entry);
        }
        const root = await rootFromInclusionProof(index, checkpoint.size, await leafHash(entry), proof);
        if (!equal(root, checkpoint.root)) {
            fail(`calculated root ${toBase64(root)} does not match the signed root ${toBase64(checkpoint.root)}`);
        }
        return {
            index, size: checkpoint.size, origin: checkpoint.origin, root: toBase64(root), key: toHex(verifier.hash),
        };
    }

    async function verifyFromButton(button) {
        const output = document.getElementById(button.getAttribute('aria-controls'));
        const table = button.closest('[data-verify-base]');
        const trustedKey = document.getElementById('trusted-key');
        output.className = 'verify-result';
        output.textContent = 'Checking…';
        button.disabled = true;
        try {
            const proven = await check(Number(button.dataset.verifyIndex), {
                base: table ? table.dataset.verifyBase : '/audit',
                verifierKey: trustedKey ? trustedKey.value.trim() : '',
                eventId: button.dataset.eventId,
                tamper: 'tamper' in button.dataset,
            });
            output.className = 'verify-result verdict ok';
            output.textContent = `Verified: entry ${proven.index} is in the log ${proven.origin} of size `
                + `${proven.size}; its path leads to the root ${proven.root}, signed by key ${proven.key}`
                + `${trustedKey && trustedKey.value.trim() ? ' (the key you entered)' : ' (the published key)'}.`;
        } catch (e) {
            output.className = 'verify-result verdict bad';
            output.textContent = `Not verified: ${e instanceof NotVerified ? e.message : `the check failed (${e})`}`;
        } finally {
            button.disabled = false;
        }
    }

    document.addEventListener('click', (event) => {
        const button = event.target.closest('button[data-verify-index]');
        if (button) {
            verifyFromButton(button);
        }
    });

    // For tests and the curious: the steps of the check, and `check(index, {tamper: true})` to see it fail.
    window.rgVerify = {check, leafHash, nodeHash, rootFromInclusionProof, parseVerifierKey, openNote, parseCheckpoint};
})();
