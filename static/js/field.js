// Field pages without signal: an outbox in IndexedDB (idb) that keeps every change of the visit page
// with a UUID made here, replays it when the connection returns (the server applies each key once),
// and shows what is waiting, saved, refused or in conflict. Nothing is dropped on an error: a refused
// change stays on the device until the inspector discards it; an ended session keeps the queue until
// the inspector logs in again. Complainant data never comes here: the field pages do not carry it.
(function () {
  "use strict";
  var root = document.querySelector("[data-field-root]");
  if (!root || !window.idb || !window.indexedDB) return;

  var texts = JSON.parse(document.getElementById("field-texts").textContent);
  var USER = Number(root.dataset.user);
  var INSPECTION = root.dataset.inspection ? Number(root.dataset.inspection) : null;
  var MAX_SIDE = 1600;
  var dbPromise = window.idb.openDB("inspectorate-field", 1, {
    upgrade: function (db) {
      var store = db.createObjectStore("outbox", { keyPath: "key" });
      store.createIndex("by-user", "user");
    },
  });
  var csrfToken = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var syncing = null;
  var loginNeeded = false;
  var firstRender = true;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function mine() {
    return dbPromise.then(function (db) { return db.getAllFromIndex("outbox", "by-user", USER); }).then(function (items) {
      return items.sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  function put(item) {
    return dbPromise.then(function (db) { return db.put("outbox", item); });
  }

  function remove(key) {
    return dbPromise.then(function (db) { return db.delete("outbox", key); });
  }

  function enqueue(kind, payload, file) {
    var item = {
      key: uuid(),
      seq: Date.now() + Math.random(),
      user: USER,
      inspection: INSPECTION,
      kind: kind,
      payload: payload,
      file: file || null,
      state: "waiting",
      createdAt: new Date().toISOString(),
    };
    return put(item).then(function () { return item; });
  }

  // ---------------------------------------------------------------------------------------------
  // What the page shows: the changes of this visit still on the device, and one status line.

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function describe(item) {
    var p = item.payload;
    if (item.kind === "note") return p.text;
    if (item.kind === "finding_add") {
      var select = document.querySelector("[data-outbox=finding_add] select[name=provision]");
      var option = select ? select.querySelector('option[value="' + p.provision + '"]') : null;
      return (option ? option.textContent.trim() + ": " : "") + p.description;
    }
    if (item.kind === "photo") return p.name + " (" + texts.resized + " " + p.width + "×" + p.height + ")" + (p.caption ? " — " + p.caption : "");
    if (item.kind === "finding_edit") return p.description;
    if (item.kind === "visit") return p.summary;
    if (item.kind === "start") return texts.started;
    if (item.kind === "checklist_start") return texts.checklist_started;
    if (item.kind === "answer") return p.code + ": " + (texts.answers[p.value] || p.value) + (p.note ? " — " + p.note : "");
    if (item.kind === "answer_photo") return texts.answer_photo + " " + p.code + ": " + p.name + " (" + texts.resized + " " + p.width + "×" + p.height + ")";
    if (item.kind === "report") return texts.reported;
    return item.kind;
  }

  function badge(item) {
    if (item.state === "refused") return el("span", "badge bg-danger ms-1", texts.refused + (item.error ? ": " + item.error : ""));
    return el("span", "badge bg-warning text-dark ms-1", texts.pending);
  }

  function discardButton(item) {
    var button = el("button", "btn btn-sm btn-link text-danger p-0 ms-2", texts.discard);
    button.type = "button";
    button.dataset.testid = "discard";
    button.addEventListener("click", function () {
      if (window.confirm(texts.discard_confirm)) remove(item.key).then(render);
    });
    return button;
  }

  // The answer waiting on the device, shown in its form when the page is opened again.
  function showAnswer(p) {
    var form = document.querySelector('form[data-outbox=answer][data-question="' + p.question + '"]');
    if (!form) return;
    form.querySelectorAll("[name=value]").forEach(function (input) {
      if (input.type === "radio") input.checked = input.value === p.value;
      else input.value = p.value;
    });
    var note = form.querySelector("[name=note]");
    if (note) note.value = p.note || "";
  }

  function render() {
    return mine().then(function (items) {
      var here = items.filter(function (i) { return INSPECTION === null || i.inspection === INSPECTION; });
      document.querySelectorAll("[data-pending], [data-sync-problems]").forEach(function (list) { list.textContent = ""; });
      document.querySelectorAll("[data-pending-edit], [data-pending-answer]").forEach(function (box) { box.textContent = ""; });
      var started = false;
      var reported = false;
      var checklistVersion = null;
      here.forEach(function (item) {
        if (item.state === "done") return;
        if (item.kind === "start") started = true;
        if (item.kind === "report") reported = true;
        var list = document.querySelector('[data-pending="' + item.kind + '"]');
        if (item.kind === "finding_edit") {
          list = document.querySelector('[data-finding="' + item.payload.finding + '"] [data-pending-edit]');
        }
        if (item.kind === "answer" || item.kind === "answer_photo") {
          list = document.querySelector('[data-checklist-question="' + item.payload.question + '"] [data-pending-answer]');
        }
        if (item.kind === "checklist_start") checklistVersion = item.payload.checklist_version;
        if (item.kind === "answer" && firstRender) showAnswer(item.payload);
        var row = el(list && list.tagName === "UL" ? "li" : "div", "field-pending" + (item.state === "refused" ? " field-pending-refused" : ""));
        row.dataset.testid = "pending-" + item.kind.replace("_", "-");
        var text = el("span", "insp-pre", item.kind === "finding_edit" ? texts.change_waiting + ": " + describe(item) : describe(item));
        row.appendChild(text);
        row.appendChild(badge(item));
        if (item.state === "refused") row.appendChild(discardButton(item));
        if (list) {
          list.appendChild(row);
          // Opened once, when the page is opened: a checklist section with answers still on the device.
          var section = firstRender && list.closest("details");
          if (section) section.open = true;
          var empty = list.parentElement && list.parentElement.querySelector("[data-empty]");
          if (empty) empty.hidden = true;
        } else {
          var problems = document.querySelector("[data-sync-problems]");
          if (problems) problems.appendChild(row);
        }
      });
      if (started) {
        document.querySelectorAll("[data-hide-when-started]").forEach(function (n) { n.hidden = true; });
        document.querySelectorAll("[data-show-when-started]").forEach(function (n) { n.hidden = false; });
      }
      if (checklistVersion !== null) {
        // The checklist chosen without signal: its questions (kept in the page) are answered right away.
        document.querySelectorAll("[data-hide-when-checklist]").forEach(function (n) { n.hidden = true; });
        var block = document.querySelector('[data-checklist-version="' + checklistVersion + '"]');
        if (block) block.hidden = false;
      }
      if (reported) {
        document.querySelectorAll("[data-record-part]").forEach(function (n) { n.hidden = true; });
      }
      firstRender = false;
      showStatus(here, items);
    });
  }

  function showStatus(here, all) {
    var text = document.querySelector("[data-sync-text]");
    if (!text) return;
    var waiting = all.filter(function (i) { return i.state === "waiting"; }).length;
    var login = document.querySelector("[data-sync-login]");
    if (login) {
      login.hidden = !loginNeeded;
      login.href = root.dataset.loginUrl;
    }
    var conflicts = document.querySelector("[data-sync-conflicts]");
    var hasConflict = conflicts && !conflicts.hidden;
    if (loginNeeded) {
      text.textContent = texts.login.replace("{n}", waiting);
    } else if (syncing) {
      text.textContent = texts.sending;
    } else if (waiting) {
      text.textContent = (waiting === 1 ? texts.waiting_one : texts.waiting.replace("{n}", waiting)) + (navigator.onLine ? "" : " · " + texts.offline);
    } else if (hasConflict) {
      text.textContent = texts.conflict;
    } else {
      text.textContent = texts.saved;
    }
    root.dataset.waiting = String(waiting);
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: one change at a time, oldest first, so a report goes after what was recorded before it.

  function session() {
    return fetch(root.dataset.sessionUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") < 0) return { authenticated: false };
        return response.json();
      });
  }

  function body(item, versions) {
    var fields = Object.assign({ key: item.key, kind: item.kind, inspection: item.inspection }, item.payload);
    // A second change of the same finding or answer made offline builds on the version the first one got.
    if ((item.kind === "finding_edit" || item.kind === "answer") && item.after && versions[item.after]) fields.base_version = versions[item.after];
    delete fields.name; delete fields.width; delete fields.height; delete fields.code;
    if (item.file) {
      var form = new FormData();
      Object.keys(fields).forEach(function (k) { if (fields[k] !== null && fields[k] !== undefined) form.append(k, fields[k]); });
      form.append("file", item.file, item.payload.name);
      return form;
    }
    return JSON.stringify(fields);
  }

  function send(item, versions) {
    var payload = body(item, versions);
    var headers = { "X-CSRFToken": csrfToken, Accept: "application/json" };
    if (typeof payload === "string") headers["Content-Type"] = "application/json";
    return fetch(root.dataset.syncUrl, { method: "POST", credentials: "same-origin", headers: headers, body: payload });
  }

  function firstError(data) {
    if (!data || typeof data !== "object") return "";
    var value = data.detail || data[Object.keys(data)[0]];
    return Array.isArray(value) ? String(value[0]) : String(value || "");
  }

  function sync() {
    if (syncing) return syncing;
    if (!navigator.onLine) return render();
    syncing = mine()
      .then(function (items) {
        var waiting = items.filter(function (i) { return i.state === "waiting"; });
        // Nothing to send: no request at all, so an open page never keeps an idle session alive.
        if (!waiting.length) return false;
        return session().then(function (state) {
          if (!state.authenticated || state.user !== USER) {
            loginNeeded = true;
            return false;
          }
          loginNeeded = false;
          csrfToken = state.csrf_token;
          return drain(waiting);
        });
      })
      .catch(function () { return false; })
      .then(function (changed) {
        syncing = null;
        var after = changed ? refreshPage() : Promise.resolve();
        return after.then(function () { return keepVisits(changed); }).then(render);
      });
    render();
    return syncing;
  }

  function drain(items) {
    var versions = {};
    var changed = false;
    var index = 0;
    function next() {
      if (index >= items.length) return Promise.resolve(changed);
      var item = items[index++];
      return send(item, versions).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.status === 200 || response.status === 201) {
            changed = true;
            if (data.version) versions[item.key] = data.version;
            return remove(item.key).then(next);
          }
          if (response.status === 409) {
            // Kept on the server as a conflict: the conflict page shows both values.
            changed = true;
            return remove(item.key).then(next);
          }
          if (response.status === 401 || (response.status === 403 && /CSRF/i.test(firstError(data)))) {
            loginNeeded = true; // kept; sent again after the inspector logs in
            return changed;
          }
          if (response.status === 400 || response.status === 403 || response.status === 404) {
            item.state = "refused";
            item.error = firstError(data);
            return put(item).then(next);
          }
          return changed; // server trouble: try again later, in the same order
        });
      });
    }
    return next().catch(function () { return changed; });
  }

  // The page as the server now has it replaces the lists kept on the device (and its cached copy).
  function refreshPage() {
    if (root.dataset.noKeep) return Promise.resolve(); // the conflict pages are never kept on the device
    return fetch(root.dataset.pageUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok || response.redirected) return;
      var copy = response.clone();
      var kept = "caches" in window ? caches.open("field-pages").then(function (cache) { return cache.put(root.dataset.pageUrl, copy); }) : Promise.resolve();
      return Promise.all([response.text(), kept]).then(function (results) {
        var fresh = new DOMParser().parseFromString(results[0], "text/html");
        document.querySelectorAll("[data-server-part]").forEach(function (part) {
          var replacement = fresh.querySelector('[data-server-part="' + part.dataset.serverPart + '"]');
          if (replacement && !part.contains(document.activeElement)) part.replaceWith(document.importNode(replacement, true));
        });
        var bar = fresh.querySelector("[data-sync-conflicts]");
        var current = document.querySelector("[data-sync-conflicts]");
        if (bar && current) current.replaceWith(document.importNode(bar, true));
        bindForms(document);
      });
    }).catch(function () {});
  }

  // The inspector's visits of the next 14 days, kept for opening without signal: when the page opens
  // and after changes were sent. Never on a timer: an idle page must not keep the session alive.
  var visitsKept = false;
  function keepVisits(force) {
    if (!("caches" in window) || !navigator.onLine) return Promise.resolve();
    if (visitsKept && !force) return Promise.resolve();
    visitsKept = true;
    return fetch(root.dataset.visitsUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (visits) {
        return caches.open("field-pages").then(function (cache) {
          return Promise.all(visits.map(function (visit) {
            return fetch(visit.url, { credentials: "same-origin" }).then(function (page) {
              if (page.ok && !page.redirected) return cache.put(visit.url, page);
            }).catch(function () {});
          }));
        });
      })
      .catch(function () {});
  }

  // ---------------------------------------------------------------------------------------------
  // Recording: every form of the page goes to the outbox first, then sync tries to send it.

  // Decoded without a blob: URL (the pages' CSP allows images from this site and data: only).
  function decode(file) {
    if (window.createImageBitmap) return createImageBitmap(file);
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        var image = new Image();
        image.onload = function () { resolve(image); };
        image.onerror = reject;
        image.src = reader.result;
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  function resize(file) {
    return decode(file).then(function (image) {
      var width = image.naturalWidth || image.width;
      var height = image.naturalHeight || image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) resolve({ blob: blob, width: canvas.width, height: canvas.height });
          else reject(new Error("encode"));
        }, "image/jpeg", 0.85);
      });
    });
  }

  function jpegName(name) {
    return (name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
  }

  function latestVisitValues() {
    return mine().then(function (items) {
      var base = {};
      var form = document.querySelector("[data-outbox=visit]");
      if (form) {
        base.summary = form.dataset.baseSummary || "";
        base.workers_present = form.dataset.baseWorkers_present || "";
        base.wage_found = form.dataset.baseWage_found || "";
      }
      items.forEach(function (i) {
        if (i.inspection === INSPECTION && i.kind === "visit" && i.state === "waiting") {
          base.summary = i.payload.summary;
          base.workers_present = i.payload.workers_present === null ? "" : String(i.payload.workers_present);
          if ("wage_found" in i.payload) base.wage_found = i.payload.wage_found === null ? "" : String(i.payload.wage_found);
        }
      });
      return base;
    });
  }

  function earlierEdit(findingId) {
    return mine().then(function (items) {
      var earlier = items.filter(function (i) { return i.kind === "finding_edit" && i.state === "waiting" && i.payload.finding === findingId; });
      return earlier.length ? earlier[earlier.length - 1].key : null;
    });
  }

  function earlierAnswer(question) {
    return mine().then(function (items) {
      var earlier = items.filter(function (i) { return i.kind === "answer" && i.state === "waiting" && i.payload.question === question; });
      return earlier.length ? earlier[earlier.length - 1].key : null;
    });
  }

  var builders = {
    start: function () { return Promise.resolve({ payload: { at: new Date().toISOString() } }); },
    report: function () { return Promise.resolve({ payload: {} }); },
    note: function (form) {
      var text = form.querySelector("[name=text]").value.trim();
      return Promise.resolve(text ? { payload: { text: text, at: new Date().toISOString() } } : null);
    },
    visit: function (form) {
      return latestVisitValues().then(function (base) {
        var workers = form.querySelector("[name=workers_present]").value;
        var wage = form.querySelector("[name=wage_found]").value;
        return { payload: {
          summary: form.querySelector("[name=summary]").value, workers_present: workers === "" ? null : Number(workers),
          wage_found: wage === "" ? null : Number(wage), base: base,
        } };
      });
    },
    finding_add: function (form) {
      var data = new FormData(form);
      return Promise.resolve({ payload: {
        category: data.get("category"), provision: Number(data.get("provision")), description: String(data.get("description") || "").trim(),
        severity: data.get("severity"), corrective_action: String(data.get("corrective_action") || "").trim(), deadline: data.get("deadline") || null,
      } });
    },
    finding_edit: function (form) {
      var finding = Number(form.dataset.finding);
      return earlierEdit(finding).then(function (after) {
        var result = { payload: {
          finding: finding, base_version: Number(form.dataset.version),
          description: form.querySelector("[name=description]").value.trim(),
          corrective_action: form.querySelector("[name=corrective_action]").value.trim(),
        } };
        if (after) result.after = after;
        return result;
      });
    },
    checklist_start: function (form) {
      var version = Number(form.querySelector("[name=version]").value);
      return Promise.resolve(version ? { payload: { checklist_version: version, at: new Date().toISOString() } } : null);
    },
    answer: function (form) {
      var question = Number(form.dataset.question);
      var data = new FormData(form);
      return earlierAnswer(question).then(function (after) {
        var result = { payload: {
          question: question, code: form.dataset.code, base_version: Number(form.dataset.version || 0),
          value: String(data.get("value") || "").trim(), note: String(data.get("note") || "").trim(), at: new Date().toISOString(),
        } };
        if (after) result.after = after;
        return result;
      });
    },
    answer_photo: function (form) {
      var input = form.querySelector("input[type=file]");
      var file = input.files && input.files[0];
      if (!file) return Promise.resolve(null);
      return resize(file).then(function (photo) {
        return { payload: { question: Number(form.dataset.question), code: form.dataset.code, name: jpegName(file.name), width: photo.width, height: photo.height }, file: photo.blob };
      }, function () { window.alert(texts.not_a_photo); return null; });
    },
    photo: function (form) {
      var input = form.querySelector("input[type=file]");
      var file = input.files && input.files[0];
      if (!file) return Promise.resolve(null);
      return resize(file).then(function (photo) {
        return { payload: { name: jpegName(file.name), caption: form.querySelector("[name=caption]").value, width: photo.width, height: photo.height }, file: photo.blob };
      }, function () { window.alert(texts.not_a_photo); return null; });
    },
  };

  function bindForms(scope) {
    scope.querySelectorAll("form[data-outbox]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!form.reportValidity()) return;
        var kind = form.dataset.outbox;
        builders[kind](form).then(function (built) {
          if (!built) return;
          return enqueue(kind, built.payload, built.file).then(function (item) {
            if (built.after) { item.after = built.after; return put(item); }
          }).then(function () {
            if (kind !== "visit" && kind !== "finding_edit" && kind !== "answer") form.reset();
            if (kind === "visit") {
              form.dataset.baseSummary = built.payload.summary;
            }
            var details = form.closest("details");
            // A checklist section stays open while its questions are answered one after another.
            if (details && kind !== "answer" && kind !== "answer_photo") details.open = false;
            return render().then(sync);
          });
        });
      });
    });
  }

  bindForms(document);
  var syncButton = document.querySelector("[data-sync-now]");
  if (syncButton) syncButton.addEventListener("click", function () { sync(); });
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", function () { render(); });
  setInterval(function () { if (navigator.onLine) sync(); }, 30000);
  // For the browser tests and the curious: the outbox of this page.
  window.fieldOutbox = { sync: sync, items: mine, put: put, render: render };
  render().then(sync);
})();
