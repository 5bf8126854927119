"""Work without signal: the visit page keeps working offline and sends everything once when the signal returns.

Chromium really goes offline (``context.set_offline``): the service worker serves the kept page and
the outbox in IndexedDB keeps what the inspector recorded. The pages speak Indonesian, as in the offices.
"""

import datetime as dt
import io
import json
import re

import pytest
from PIL import Image

from checklists.models import Answer, DraftFinding, Question, VisitChecklist
from complaints.models import Complaint
from field.models import SyncConflict, SyncOperation
from inspections import services
from inspections.models import Attachment, ChangeRecord, FieldNote, Finding, LegalProvision
from tests.checklists.conftest import build_version
from tests.inspections.factories import make_complaint
from tests.inspections.helpers import add_finding
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANARY_NAME = "Siti Canary Rahayu"
CANARY_CONTACT = "0812-0000-9999"
CANARY_MESSAGE = "Upah lembur canary tidak dibayar"
CANARY_REF = "ADU-CANARY-2026-00121"
SYNC = "/api/v1/field/sync/"


def big_png(width=3000, height=2000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 140, 60)).save(out, format="PNG")
    return out.getvalue()


def open_controlled(page, url: str) -> None:
    """Open ``url`` and reload it once the service worker controls the page (so it is kept offline)."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => window.fieldOutbox !== undefined")
    page.wait_for_function("() => document.querySelector('[data-sync-text]').textContent === 'Semua tersimpan'")


def add_finding_in_page(page, provision: LegalProvision, description: str) -> None:
    page.click("[data-testid=add-finding]")
    form = page.locator("[data-testid=finding-form]")
    form.locator("select[name=category]").select_option(provision.category)
    form.locator("select[name=provision]").select_option(str(provision.pk))
    form.locator("textarea[name=description]").fill(description)
    form.locator("select[name=severity]").select_option("high")
    form.locator("button[type=submit]").click()


def answer_in_page(page, question: Question, value: str, note: str = "") -> None:
    """Open the question's section and answer it (yes/no questions are three large buttons)."""
    card = page.locator(f"[data-checklist-question='{question.pk}']")
    section = page.locator("[data-testid=checklist-section]", has=card)
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    card.locator(f"label[for='fq{question.pk}-{value}']").click()
    if note:
        card.locator("textarea[name=note]").fill(note)
    card.locator("[data-outbox=answer] button[type=submit]").click()
    card.locator("[data-testid=pending-answer]").first.wait_for()


def wait_saved(page) -> None:
    page.wait_for_function("() => document.getElementById('field-visit').dataset.waiting === '0'", timeout=30_000)


def test_it_records_a_visit_offline_and_sends_everything_once(
    live_server, browser, login, alice, bob, root, company_a, office_a
):
    ensure_provisions()
    version = build_version(root)  # wages U1 (note if not), BPJS B1 (photo if not), K3 K1/K2
    u1, b1 = (Question.objects.get(section__version=version, code=code) for code in ("U1", "B1"))
    complaint = make_complaint(office=office_a, company=company_a, name=CANARY_NAME, reference=CANARY_REF)
    Complaint.objects.filter(pk=complaint.pk).update(description=CANARY_MESSAGE)
    visit = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=dt.date.today()
    )
    bpjs = LegalProvision.objects.get(act="UU 24/2011", article="ps. 15")
    k3 = LegalProvision.objects.get(act="UU 1/1970", article="ps. 14")
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sent = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith(SYNC) and r.method == "POST" else None)
    login(page, alice)
    url = f"{live_server.url}/field/visits/{visit.pk}/"
    open_controlled(page, url)
    assert page.locator("[data-testid=sync-status]").inner_text() == "Semua tersimpan"

    context.set_offline(True)
    assert page.locator("[data-testid=connection]").is_visible()
    page.click("[data-testid=start-visit]")
    page.wait_for_selector("[data-testid=note-form]", state="visible")
    page.fill("[data-testid=note-form] textarea[name=text]", "Jalur evakuasi terhalang tumpukan palet")
    page.click("[data-testid=note-form] button[type=submit]")
    page.wait_for_selector("[data-testid=pending-note]")
    # The checklist, started and answered without signal: its questions came with the kept page.
    page.locator("[data-testid=checklist-start-form] select[name=version]").select_option(str(version.pk))
    page.click("[data-testid=checklist-start]")
    page.wait_for_selector(f"[data-checklist-version='{version.pk}']", state="visible")
    assert page.locator("[data-testid=checklist-start-form]").is_hidden()
    assert "UU 24/2011 ps. 15" in page.locator(f"[data-checklist-question='{b1.pk}']").text_content()
    answer_in_page(page, u1, "yes")
    answer_in_page(page, b1, "no", note="Tiga pekerja harian belum terdaftar")
    page.set_input_files(
        "[data-testid=answer-photo-form-B1] input[type=file]",
        files=[{"name": "kartu.png", "mimeType": "image/png", "buffer": big_png(2400, 1800)}],
    )
    page.click("[data-testid=answer-photo-form-B1] button[type=submit]")
    b1_card = page.locator(f"[data-checklist-question='{b1.pk}']")
    b1_card.locator("[data-testid=pending-answer-photo]").wait_for()
    assert "1600×1200" in page.locator("[data-testid=pending-answer-photo]").inner_text()
    add_finding_in_page(page, bpjs, "Dua puluh pekerja belum didaftarkan BPJS Ketenagakerjaan")
    add_finding_in_page(page, k3, "Alat pelindung diri tidak disediakan di bagian pengelasan")
    page.set_input_files(
        "[data-testid=photo-form] input[type=file]",
        files=[{"name": "gudang.png", "mimeType": "image/png", "buffer": big_png()}],
    )
    page.fill("[data-testid=photo-form] input[name=caption]", "Gudang belakang")
    page.click("[data-testid=photo-form] button[type=submit]")
    page.wait_for_selector("[data-testid=pending-photo]")
    page.wait_for_function("() => document.getElementById('field-visit').dataset.waiting === '9'")
    assert "9 perubahan menunggu dikirim" in page.locator("[data-testid=sync-status]").inner_text()
    assert "1600×1067" in page.locator("[data-testid=pending-photo]").inner_text()
    assert not FieldNote.objects.exists() and not Finding.objects.exists() and not Answer.objects.exists()

    # Reloaded without signal: the page comes from the device, the changes from the outbox.
    page.reload()
    page.wait_for_selector("[data-testid=pending-photo]")
    assert page.locator("[data-testid=connection]").is_visible()
    assert "Jalur evakuasi terhalang" in page.locator("[data-testid=pending-note]").inner_text()
    assert page.locator("[data-testid=pending-finding-add]").count() == 2
    assert "9 perubahan menunggu dikirim" in page.locator("[data-testid=sync-status]").inner_text()
    assert page.locator(f"[data-checklist-version='{version.pk}']").is_visible()
    answers = page.locator("[data-testid=pending-answer]")
    assert answers.count() == 2
    b1_card = page.locator(f"[data-checklist-question='{b1.pk}']")
    assert "B1: Tidak — Tiga pekerja harian belum terdaftar" in b1_card.inner_text()
    assert "U1: Ya" in page.locator(f"[data-checklist-question='{u1.pk}']").inner_text()
    assert page.locator(f"#fq{b1.pk}-no").is_checked()  # the form shows the answer waiting on the device
    assert page.locator(f"#fnote{b1.pk}").input_value() == "Tiga pekerja harian belum terdaftar"
    page.locator(f"[data-checklist-question='{b1.pk}']").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/field-offline-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path="/tmp/field-offline-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})

    # A copy of the outbox as it is now, to send it a second time below.
    page.evaluate("async () => { window.outboxCopy = await window.fieldOutbox.items(); }")
    context.set_offline(False)
    page.evaluate("() => window.fieldOutbox.sync()")
    wait_saved(page)
    page.wait_for_function("() => document.querySelector('[data-sync-text]').textContent === 'Semua tersimpan'")
    visit.refresh_from_db()
    assert visit.status == "in_progress"
    assert FieldNote.objects.filter(inspection=visit).count() == 1
    assert Finding.objects.filter(inspection=visit).count() == 2
    attachment = Attachment.objects.get(inspection=visit, caption="Gudang belakang")
    with attachment.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as stored:
        assert max(stored.size) == 1600 and stored.format == "JPEG"
    checklist = VisitChecklist.objects.get(inspection=visit)
    assert checklist.version == version
    answered = {a.question.code: a for a in Answer.objects.filter(checklist=checklist).select_related("question")}
    assert sorted(answered) == ["B1", "U1"]
    assert (answered["U1"].value, answered["U1"].compliant) == ("yes", True)
    assert (answered["B1"].value, answered["B1"].note) == ("no", "Tiga pekerja harian belum terdaftar")
    with answered["B1"].photo.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as stored:
        assert stored.size == (1600, 1200) and stored.format == "JPEG"
    assert DraftFinding.objects.filter(answer=answered["B1"]).count() == 1
    assert SyncOperation.objects.filter(inspection=visit).count() == 9
    # The page now shows what the server has.
    assert page.locator("[data-testid=field-note]").count() == 1
    assert page.locator("[data-testid=finding]").count() == 2
    assert page.locator("[data-testid=pending-note]").count() == 0
    assert page.locator("[data-testid=answer-value]").count() == 2
    assert "2 dari 4 pertanyaan terjawab" in page.locator("[data-testid=checklist-progress]").inner_text()

    # The same changes sent again (an answer lost on the way, a second tab): nothing doubles.
    assert len(sent) == 9
    answers = []
    page.on("response", lambda r: answers.append(r.status) if r.url.endswith(SYNC) else None)
    page.evaluate(
        """async () => {
            for (const item of window.outboxCopy) await window.fieldOutbox.put(item);
            await window.fieldOutbox.sync();
        }"""
    )
    wait_saved(page)
    assert answers == [200] * 9
    for request in sent:  # and the raw requests, as a proxy or a retrying client would repeat them
        if request.post_data_buffer:
            again = page.request.post(request.url, headers=request.headers, data=request.post_data_buffer)
            assert again.status == 200 and again.json()["replayed"] is True
    assert FieldNote.objects.filter(inspection=visit).count() == 1
    assert Finding.objects.filter(inspection=visit).count() == 2
    assert Attachment.objects.filter(inspection=visit).count() == 2
    assert Answer.objects.filter(checklist__inspection=visit).count() == 2
    assert VisitChecklist.objects.filter(inspection=visit).count() == 1
    assert DraftFinding.objects.filter(answer__checklist__inspection=visit).count() == 1
    assert SyncOperation.objects.filter(inspection=visit).count() == 9

    # Neither the service worker's caches nor IndexedDB hold anything of the complaint.
    stored = page.evaluate(
        """async () => {
            const texts = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    texts.push(request.url);
                    const response = await cache.match(request);
                    const type = response.headers.get('Content-Type') || '';
                    if (!type.startsWith('image/')) texts.push(await response.text());
                }
            }
            for (const info of await indexedDB.databases()) {
                const db = await new Promise((ok, ko) => {
                    const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = ko;
                });
                for (const store of db.objectStoreNames) {
                    const all = await new Promise((ok, ko) => {
                        const r = db.transaction(store).objectStore(store).getAll();
                        r.onsuccess = () => ok(r.result);
                        r.onerror = ko;
                    });
                    texts.push(info.name + ':' + store + ':' + JSON.stringify(all));
                }
                db.close();
            }
            return texts;
        }"""
    )
    blob = "\n".join(stored)
    assert f"/field/visits/{visit.pk}/" in blob  # the visit is kept...
    assert "Dua puluh pekerja belum didaftarkan" in blob  # ...with its findings
    assert "Semua pekerja terdaftar BPJS?" in blob and "Tiga pekerja harian belum terdaftar" in blob  # ...and checklist
    for secret in [CANARY_NAME, CANARY_CONTACT, CANARY_MESSAGE, CANARY_REF]:
        assert secret not in blob
    context.close()


def test_a_conflict_is_resolved_on_its_page_and_the_history_keeps_both(
    live_server, browser, login, alice, bob, company_a, office_a
):
    ensure_provisions()
    visit = services.inspection_plan(
        company=company_a, kind="routine", actor=bob, lead=alice, planned_date=dt.date.today()
    )
    services.inspection_start(inspection=visit, actor=alice)
    finding = add_finding(visit, alice, description="Sepuluh pekerja tanpa kontrak tertulis")
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, alice)
    open_controlled(page, f"{live_server.url}/field/visits/{visit.pk}/")

    context.set_offline(True)
    page.click("[data-testid=edit-finding]")
    form = page.locator("[data-testid=finding-edit-form]")
    form.locator("textarea[name=description]").fill("Dua belas pekerja tanpa kontrak tertulis (versi lapangan)")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=pending-finding-edit]")

    # Meanwhile the office head corrects the same finding.
    services.finding_update(finding=finding, actor=bob, description="Sepuluh pekerja PKWT tanpa kontrak (versi kepala)")

    context.set_offline(False)
    page.evaluate("() => window.fieldOutbox.sync()")
    wait_saved(page)
    page.wait_for_selector("[data-testid=sync-conflicts]", state="visible")
    assert page.locator("[data-testid=sync-status]").inner_text() == "Konflik: selesaikan"
    finding.refresh_from_db()
    assert finding.description == "Sepuluh pekerja PKWT tanpa kontrak (versi kepala)"

    page.click("[data-testid=sync-conflicts]")
    page.click("[data-testid=conflict]")
    assert "versi kepala" in page.locator("[data-testid=server-value]").inner_text()
    assert "versi lapangan" in page.locator("[data-testid=offered-value]").inner_text()
    page.screenshot(path="/tmp/field-conflict-1366.png", full_page=True)
    page.check("input[name=resolution][value=mine]")
    page.click("[data-testid=resolve-submit]")
    page.wait_for_selector("[data-testid=field-visit]")
    finding.refresh_from_db()
    assert finding.description == "Dua belas pekerja tanpa kontrak tertulis (versi lapangan)"
    assert SyncConflict.objects.get().status == "resolved"

    page.goto(f"{live_server.url}/inspections/{visit.pk}/#history")
    history = re.sub(r"\s+", " ", page.locator("#history").inner_text())
    assert "Sepuluh pekerja tanpa kontrak tertulis → Sepuluh pekerja PKWT tanpa kontrak (versi kepala)" in history
    assert (
        "Sepuluh pekerja PKWT tanpa kontrak (versi kepala) → Dua belas pekerja tanpa kontrak tertulis (versi lapangan)"
        in history
    )
    assert "Perubahan luring ditolak" in history and "Konflik luring diselesaikan" in history
    assert ChangeRecord.objects.filter(object_id=finding.pk, action="conflict recorded").count() == 1
    context.close()


def test_the_field_app_is_installable(live_server, browser, login, alice):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    login(page, alice)
    page.goto(f"{live_server.url}/field/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == manifest["scope"] == "/field/"
    sizes = set()
    for icon in manifest["icons"]:
        image = page.request.get(f"{live_server.url}{icon['src']}")
        assert image.ok
        with Image.open(io.BytesIO(image.body())) as png:
            assert png.format == "PNG" and f"{png.width}x{png.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    # A service worker with a fetch handler controls the start URL.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    scope = page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == f"{live_server.url}/field/"
    worker = page.request.get(f"{live_server.url}/field/sw.js")
    assert "javascript" in worker.headers["content-type"]
    assert 'addEventListener("install"' in worker.text() and "registerRoute" in worker.text()
    # Nothing is loaded from another host (no CDN): every script the worker imports is ours.
    assert not re.search(r"https?://", worker.text())
    assert re.findall(r'importScripts\("([^"]+)"\)', worker.text()) == ["/static/vendor/workbox/workbox-sw.js"]
    # The vendored Workbox modules load from this server.
    assert page.request.get(f"{live_server.url}/static/vendor/workbox/workbox-routing.prod.js").ok
    context.close()


def test_an_ended_session_keeps_the_queue_until_the_inspector_logs_in_again(
    live_server, browser, login, password, alice, bob, company_a
):
    from django.contrib.sessions.models import Session

    visit = services.inspection_plan(
        company=company_a, kind="routine", actor=bob, lead=alice, planned_date=dt.date.today()
    )
    services.inspection_start(inspection=visit, actor=alice)
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, alice)
    open_controlled(page, f"{live_server.url}/field/visits/{visit.pk}/")

    context.set_offline(True)
    page.fill("[data-testid=note-form] textarea[name=text]", "Catatan sebelum sesi berakhir")
    page.click("[data-testid=note-form] button[type=submit]")
    page.wait_for_selector("[data-testid=pending-note]")
    Session.objects.all().delete()  # the session ends while the inspector is out of signal

    context.set_offline(False)
    page.evaluate("() => window.fieldOutbox.sync()")
    page.wait_for_selector("[data-testid=sync-login]", state="visible")
    assert "masuk lagi untuk mengirim 1 perubahan" in page.locator("[data-testid=sync-status]").inner_text()
    assert not FieldNote.objects.exists()

    page.click("[data-testid=sync-login]")
    page.fill("input[name=login]", alice.username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector("[data-testid=field-visit]")
    wait_saved(page)
    page.wait_for_function("() => document.querySelector('[data-sync-text]').textContent === 'Semua tersimpan'")
    assert FieldNote.objects.get(inspection=visit).text == "Catatan sebelum sesi berakhir"

    # The visit record (the summary and the wage found in the payroll) and the report, both without
    # signal: sent in that order when the signal returns.
    context.set_offline(True)
    page.fill("[data-testid=visit-form] textarea[name=summary]", "Pemeriksaan selesai tanpa sinyal")
    page.fill("[data-testid=visit-form] input[name=wage_found]", "5200000")
    page.click("[data-testid=visit-form] button[type=submit]")
    page.check("[data-testid=report-confirm]")
    page.click("[data-testid=report-visit]")
    page.wait_for_function("() => document.getElementById('field-visit').dataset.waiting === '2'")
    assert page.locator("[data-testid=note-form]").is_hidden()  # nothing more is recorded after the report
    visit.refresh_from_db()
    assert visit.status == "in_progress"
    context.set_offline(False)
    page.evaluate("() => window.fieldOutbox.sync()")
    wait_saved(page)
    visit.refresh_from_db()
    assert visit.status == "reported" and visit.summary == "Pemeriksaan selesai tanpa sinyal"
    assert visit.wage_found == 5200000
    context.close()


@pytest.mark.parametrize(("who", "width"), [("alice", 390), ("bob", 1366), ("grace", 390), ("grace", 1366)])
def test_every_role_sees_its_own_field_pages_only(
    live_server, browser, login, who, width, request, company_a, company_b
):
    alice, bob, charlie = (request.getfixturevalue(n) for n in ("alice", "bob", "charlie"))
    visit = services.inspection_plan(
        company=company_a, kind="routine", actor=bob, lead=alice, planned_date=dt.date.today()
    )
    other = services.inspection_plan(
        company=company_b, kind="routine", actor=charlie, lead=charlie, planned_date=dt.date.today()
    )
    user = request.getfixturevalue(who)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, user)
    page.goto(f"{live_server.url}/field/")
    assert company_b.name not in page.content()
    # Another office's visit: out of scope, except for a national official who reads every office.
    assert page.goto(f"{live_server.url}/field/visits/{other.pk}/").status == (200 if who == "grace" else 404)
    pings = []
    page.on("request", lambda r: pings.append(r.url) if "/field/session/" in r.url else None)
    page.goto(f"{live_server.url}/field/visits/{visit.pk}/")
    page.wait_for_selector("[data-testid=field-visit]")
    page.wait_for_function("() => document.querySelector('[data-sync-text]').textContent === 'Semua tersimpan'")
    assert company_b.name not in page.content()
    assert pings == []  # nothing waits: no request that would keep an idle session alive
    # The head may record on the visit (as on the visit page); an official only reads it.
    assert page.locator("[data-testid=start-visit]").count() == (0 if who == "grace" else 1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/field-{who}-{width}.png", full_page=True)
    context.close()
