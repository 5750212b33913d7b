/* Raqib comments: <div id="raqib" data-article="ID"></div><script src="https://RAQIB/embed.js" async></script>
   Optional data-: lang, title, url, signature, body-selector (register the article), hints="off",
   refresh="<seconds>" (look for newly approved comments). All text goes in as text, never HTML. */
(() => {
  'use strict';
  const me = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  const BASE = me.src.replace(/\/embed\.js([?#].*)?$/, '');
  const PAGE = 20;
  const CODE_WAIT_MS = 15000;  // a code request that takes longer gives up: a send never waits longer
  const EMAIL = /^[^\s@]+@[^\s@]+$/;
  let uid = 0;

  const h = (tag, attrs, kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of [].concat(kids || [])) {
      if (kid !== null && kid !== undefined) el.append(kid);
    }
    return el;
  };

  const call = async (path, body, timeoutMs) => {
    const init = { credentials: 'omit', headers: { Accept: 'application/json' } };
    if (timeoutMs && typeof AbortSignal !== 'undefined' && AbortSignal.timeout) init.signal = AbortSignal.timeout(timeoutMs);
    if (body) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      const r = await fetch(BASE + path, init);
      return { status: r.status, body: await r.json().catch(() => ({})) };
    } catch (e) {
      return { status: 0, body: {} };
    }
  };

  async function boot(host) {
    if (host.raqib) return;
    host.raqib = true;
    const d = host.dataset;
    const id = d.article || '';
    const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    root.append(h('link', { rel: 'stylesheet', href: BASE + '/embed/static/embed.css' }));
    const art = '/api/v1/embed/articles/' + encodeURIComponent(id);
    const q = '?' + new URLSearchParams({ lang: d.lang || '', page_lang: document.documentElement.lang || '' });
    let cfg = await call(art + q);
    if (cfg.status === 200 && !cfg.body.known && d.title) {
      const sel = d.bodySelector && document.querySelector(d.bodySelector);
      await call('/api/v1/embed/articles', {
        article_id: id, title: d.title, language: d.lang || null, signature: d.signature || null,
        url: d.url || (d.signature ? null : location.href.split('#')[0]),
        body: sel ? sel.textContent.slice(0, 20000) : '',
      });
      cfg = await call(art + q);
    }
    const box = h('section', { class: 'raqib', part: 'container' });
    root.append(box);
    if (cfg.status !== 200 || !cfg.body.known) {
      box.append(h('p', { class: 'empty', role: 'status' },
        (cfg.body.strings || {}).closed || 'Comments are unavailable. التعليقات غير متاحة.'));
      return;
    }
    render(box, id, cfg.body, d);
  }

  function render(box, id, cfg, d) {
    const T = cfg.strings;
    const lang = cfg.lang;
    const n = ++uid;
    const ids = (name) => 'rq' + n + '-' + name;
    box.setAttribute('lang', lang);
    box.setAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    box.setAttribute('aria-label', T.title);
    const numbers = new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en');
    const dates = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB',
      { dateStyle: 'medium', timeStyle: 'short' });

    box.append(h('aside', { class: 'notice', part: 'notice' }, [
      h('p', { class: 'notice-title' }, T.notice_title), h('p', {}, T.notice_1), h('p', {}, T.notice_2)]));

    // -- the form: the seed's fields, in the seed's order --------------------------------------
    const status = h('p', { class: 'status', role: 'status', tabindex: '-1' });
    const alert = h('div', { class: 'errors', role: 'alert', tabindex: '-1', hidden: true });
    const errs = {};
    const field = (name, label, control, required) => {
      errs[name] = h('p', { class: 'err', id: ids(name + '-err'), hidden: true });
      control.setAttribute('id', ids(name));
      control.setAttribute('aria-describedby', ids(name + '-err'));
      const star = required ? [' ', h('span', { class: 'req', 'aria-hidden': 'true' }, '*'),
        h('span', { class: 'sr' }, T.required)] : [];
      return h('p', { class: 'field' }, [h('label', { for: ids(name) }, [label, ...star]), control, errs[name]]);
    };
    const name = h('input', { name: 'name', required: true, maxlength: cfg.limits.name, autocomplete: 'name', dir: 'auto', part: 'input' });
    const email = h('input', { name: 'email', type: 'email', maxlength: 320, autocomplete: 'email', dir: 'ltr', part: 'input' });
    const show = h('input', { type: 'checkbox', id: ids('show'), name: 'show_email' });
    const text = h('textarea', { name: 'comment', required: true, rows: 5, maxlength: cfg.limits.comment, dir: 'auto', part: 'input' });
    const hint = h('div', { class: 'hint', id: ids('hint'), 'aria-live': 'polite', hidden: true });
    const send = h('button', { type: 'submit', class: 'send', part: 'button' }, T.send);
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': ids('form') }, [
      h('h2', { class: 'form-title', id: ids('form') }, T.form_title), status, alert,
      field('name', T.name, name, true),
      field('email', T.email, email),
      h('p', { class: 'check' }, [show, h('label', { for: ids('show') }, T.show_email)]),
      field('comment', T.comment, text, true), hint]);
    text.setAttribute('aria-describedby', ids('comment-err') + ' ' + ids('hint'));

    let captchaId = null;
    let asking = false;
    const code = h('input', { name: 'captcha_answer', inputmode: 'numeric', autocomplete: 'off', maxlength: 16, dir: 'ltr', part: 'input' });
    const img = h('img', { class: 'code-img', alt: T.code_image, width: 160, height: 60, hidden: true });
    const player = h('audio', { class: 'code-audio', controls: true, hidden: true });
    // A new code clears the answer and hides the old image when it is asked for, not when it
    // arrives: nothing can be typed from a spent image, what the reader types from the new one
    // is kept, and a send waits (at most CODE_WAIT_MS) for the new code's id. Only the newest
    // request may set the code: a slower, older answer (Listen, then Refresh) is dropped.
    let pending = null;
    let codeSeq = 0;
    const newCode = (audio, keep) => {
      const mine = ++codeSeq;
      if (!keep) {
        code.value = '';
        img.classList.add('stale');
        player.hidden = true;
      }
      pending = (async () => {
        const r = await call('/api/v1/captcha' + (audio ? '?audio=1' : ''), null, CODE_WAIT_MS);
        if (mine !== codeSeq) return false;
        img.classList.remove('stale');
        if (r.status !== 200) return false;
        captchaId = r.body.captcha_id;
        img.src = r.body.image;
        img.hidden = false;
        player.hidden = !(audio && r.body.audio);
        if (audio && r.body.audio) {
          player.src = r.body.audio;
          const playing = player.play();
          if (playing && playing.catch) playing.catch(() => {});
        }
        return true;
      })();
      return pending;
    };
    if (cfg.captcha) {
      const refresh = h('button', { type: 'button', class: 'link' }, T.refresh);
      const listen = h('button', { type: 'button', class: 'link' }, T.listen);
      refresh.addEventListener('click', async () => {
        if (await newCode(false)) status.textContent = T.code_refreshed;
      });
      listen.addEventListener('click', () => newCode(true));
      form.append(h('fieldset', { class: 'code' }, [h('legend', {}, T.code), img, ' ', refresh, ' ', listen, player,
        field('captcha_answer', T.write_code, code)]));
      // The code is asked for when the reader starts on the form, not on every page view: most
      // readers never comment, and readers behind one carrier NAT share a rate limit.
      form.addEventListener('focusin', () => {
        if (captchaId || asking) return;
        asking = true;
        newCode(false, true).then((ok) => { if (!ok) asking = false; });  // failed: ask again on the next focus
      });
    }
    form.append(h('p', {}, send));
    box.append(form);

    // -- hints from /check while typing (optional, debounced) ----------------------------------
    let timer = 0;
    let asked = 0;
    if (cfg.hints && d.hints !== 'off') {
      text.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          const mine = ++asked;
          const value = text.value.trim();
          if (value.length < 12) { hint.hidden = true; return; }
          const r = await call('/api/v1/check', { comment: value, article_id: id, name: name.value.trim() || null, lang });
          if (mine !== asked || r.status !== 200) return;
          const reasons = (r.body.reasons || []).filter((x) => x.source !== 'form');
          hint.replaceChildren(h('p', {}, T.hint_title), h('ul', {}, reasons.map((x) => h('li', {}, x.message))));
          hint.hidden = r.body.verdict === 'approve' || !reasons.length;
        }, 900);
      });
    }

    // -- submitting -----------------------------------------------------------------------------
    const controls = { name, email, comment: text, captcha_answer: code };
    const clear = () => {
      status.textContent = '';
      alert.hidden = true;
      alert.replaceChildren();
      for (const [k, el] of Object.entries(controls)) {
        el.removeAttribute('aria-invalid');
        errs[k].hidden = true;
        errs[k].textContent = '';
      }
    };
    const problem = (title, items) => {
      alert.replaceChildren(h('p', {}, title), h('ul', {}, items.map((x) => h('li', {}, x))));
      alert.hidden = false;
    };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clear();
      send.disabled = true;
      form.setAttribute('aria-busy', 'true');
      if (pending) await pending.catch(() => false);
      const r = await call('/api/v1/comments', {
        article_id: id, name: name.value, email: email.value.trim() || null, show_email: show.checked,
        comment: text.value, captcha_id: captchaId, captcha_answer: code.value.trim() || null, lang,
      });
      send.disabled = false;
      form.removeAttribute('aria-busy');
      if (r.status === 201) {
        form.reset();
        hint.hidden = true;
        if (r.body.status === 'rejected') {
          problem(T.not_published, (r.body.reasons || []).map((x) => x.message));
          alert.focus();
        } else {
          status.textContent = r.body.status === 'published' ? T.published : T.received;
          status.focus();
          if (r.body.status === 'published') load(true);
        }
        if (cfg.captcha) newCode(false);
        return;
      }
      if (r.status === 422 && r.body.reasons) {
        let first = null;
        for (const x of r.body.reasons) {
          const el = controls[x.field];
          if (!el) continue;
          el.setAttribute('aria-invalid', 'true');
          errs[x.field].textContent = x.message;
          errs[x.field].hidden = false;
          first = first || el;
        }
        problem(T.errors_title, r.body.reasons.map((x) => x.message));
        // A spent or expired code is replaced; so is a missing one when no code was ever shown.
        if (r.body.reasons.some((x) => /^captcha_(invalid|expired)$/.test(x.code)
            || (x.code === 'captcha_required' && !captchaId))) newCode(false);
        (first || alert).focus();
        return;
      }
      problem(r.status === 429 ? T.too_many : T.failed, r.body.message && r.status !== 429 ? [r.body.message] : []);
      alert.focus();
    });

    // -- the thread: published comments, newest first -------------------------------------------
    const count = h('h2', { class: 'count', id: ids('count') });
    const list = h('ol', { class: 'comments', part: 'comments' });
    const empty = h('p', { class: 'empty' }, T.no_comments);
    const older = h('button', { type: 'button', class: 'more', part: 'button', hidden: true }, T.older);
    box.append(h('section', { class: 'thread', 'aria-labelledby': ids('count') }, [count, empty, list, older]));
    const shown = new Set();
    let offset = 0;
    const item = (c) => {
      const meta = h('p', { class: 'meta' }, h('bdi', { class: 'name' }, c.name));
      if (c.email && EMAIL.test(c.email)) meta.append(' ', h('a', { href: 'mailto:' + c.email, dir: 'ltr' }, c.email));
      meta.append(' ', h('time', { datetime: c.created_at }, dates.format(new Date(c.created_at))));
      shown.add(c.id);
      return h('li', { class: 'comment', part: 'comment', id: ids('c' + c.id) },
        h('article', {}, [meta, h('p', { class: 'body', dir: 'auto' }, c.comment)]));
    };
    const load = async (fresh) => {
      const from = fresh ? 0 : offset;
      const r = await call('/api/v1/articles/' + encodeURIComponent(id) + '/comments?order=newest&limit=' + PAGE + '&offset=' + from);
      if (r.status !== 200) return;
      const b = r.body;
      count.textContent = T.count.replace('{n}', numbers.format(b.total));
      empty.hidden = b.total > 0;
      const fresh_ = b.comments.filter((c) => !shown.has(c.id));
      if (fresh) {
        list.prepend(...fresh_.map(item));
        offset += fresh_.length;
      } else {
        const added = fresh_.map(item);
        list.append(...added);
        offset += b.comments.length;
        if (added.length && from) added[0].setAttribute('tabindex', '-1'), added[0].focus();
      }
      older.hidden = offset >= b.total;
    };
    older.addEventListener('click', () => load(false));
    load(false);
    const every = parseFloat(d.refresh || '0');
    if (every >= 2) setInterval(() => { if (!document.hidden) load(true); }, every * 1000);
  }

  const start = () => document.querySelectorAll('#raqib[data-article], [data-raqib][data-article]').forEach(boot);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
