"""Issue 14 acceptance: the inspector asks a question from the complaint page; the worker, on a
390 px phone, reads it on the tracking page and answers with a photo; the inspector's bell shows
the news and the complaint page shows the answer and the photo. A colleague sees none of it."""

import io
import os

import pytest
from PIL import Image

from complaints import services
from complaints.models import ComplaintMessage
from notifications.models import Notification
from tests.complaints.factories import make_complaint
from tests.factories import StaffFactory

from .test_worker_phone_journey import worker  # noqa: F401 (the worker's 390 px phone, Indonesian)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]

QUESTION = "Apakah Anda punya slip gaji bulan Maret?"
ANSWER = "Ada, ini fotonya. Upah Maret dibayar setengah."
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(buffer, "JPEG")
    return {"name": "slip-gaji.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_the_worker_answers_the_inspectors_question_with_a_photo_on_the_phone(
    worker,  # noqa: F811
    desk,
    login,
    company_a,
    alice,
    bob,
    office_a,
):
    intake = make_complaint(company=company_a)
    complaint = intake.complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    Notification.objects.all().delete()  # the assignment's own notice; the bell should count the answer

    # The inspector asks from the complaint page.
    login(desk, alice)
    desk.goto(f"/complaints/{complaint.pk}/")
    desk.get_by_test_id("action-message").locator("summary").click()
    desk.get_by_label("Pesan kepada pengadu").fill(QUESTION)
    desk.get_by_test_id("action-message").get_by_role("button").click()
    desk.wait_for_load_state("networkidle")
    assert QUESTION in desk.get_by_test_id("thread").inner_text()
    _shot(desk, "inspector-question-1366")

    # The worker opens the tracking page on the phone and reads it.
    worker.goto("/lapor/lacak/")
    worker.get_by_label("Nomor pengaduan").fill(complaint.reference)
    worker.get_by_label("Kode pelacakan").fill(intake.tracking_code)
    worker.get_by_role("button", name="Tampilkan status").click()
    worker.wait_for_load_state("networkidle")
    thread = worker.get_by_test_id("thread")
    assert QUESTION in thread.inner_text()
    assert "Pengawas" in thread.inner_text() and alice.first_name not in thread.inner_text()
    assert "WIB" in thread.inner_text()

    # … and answers with a photo.
    worker.get_by_label("Pesan Anda").fill(ANSWER)
    worker.locator("input[name=attachments]").set_input_files(_photo())
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390
    worker.get_by_role("button", name="Kirim pesan").click()
    worker.wait_for_url("**/lapor/lacak/")
    worker.wait_for_load_state("networkidle")
    assert "Pesan Anda telah dikirim kepada pengawas." in worker.content()
    messages = worker.get_by_test_id("message")
    assert messages.count() == 2 and ANSWER in messages.nth(1).inner_text()
    assert ".jpg" in messages.nth(1).get_by_test_id("message-files").inner_text()
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(worker, "worker-thread-390")
    answer = ComplaintMessage.objects.get(direction="from_complainant")
    assert answer.attachments.get().content_type == "image/jpeg"

    # The inspector's bell shows one; the complaint page shows the answer and its photo.
    desk.goto("/")
    bell = desk.get_by_test_id("bell-count")
    bell.wait_for(state="visible")
    assert bell.inner_text().strip() == "1"
    desk.goto(f"/complaints/{complaint.pk}/")
    thread = desk.get_by_test_id("thread")
    assert ANSWER in thread.inner_text() and QUESTION in thread.inner_text()
    link = thread.get_by_role("link", name=answer.attachments.get().name)
    response = desk.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    _shot(desk, "inspector-answer-1366")

    # The inspector on a phone: the thread and its file fit the screen.
    desk.set_viewport_size({"width": 390, "height": 844})
    desk.reload()
    assert ANSWER in desk.get_by_test_id("thread").inner_text()
    assert desk.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(desk, "inspector-answer-390")


def test_a_colleague_of_the_same_office_sees_no_message(desk, login, company_a, alice, bob, office_a):
    colleague = StaffFactory(username="ayu", first_name="Ayu", role="inspector", office=office_a)
    intake = make_complaint(company=company_a)
    complaint = intake.complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    from complaints import messaging

    messaging.message_send(complaint=complaint, actor=alice, body=QUESTION)
    messaging.complainant_reply(complaint_id=complaint.pk, body=ANSWER)
    login(desk, colleague)
    desk.goto(f"/complaints/{complaint.pk}/")
    body = desk.content()
    assert QUESTION not in body and ANSWER not in body
    assert desk.get_by_test_id("thread").count() == 0 and desk.get_by_test_id("action-message").count() == 0
