"""A hall's window table lists every window a guide sends people to, with what is handled there."""

import pytest

from catalog.windows import window_span, window_table


def test_window_labels_are_read_as_numbers_and_ranges():
    assert window_span("B01—B06（企业开办专区）") == ("B", 1, 6)
    assert window_span("A01–A08") == ("A", 1, 8)
    assert window_span("7–9") == ("", 7, 9)
    assert window_span("8号") == ("", 8, 8) == window_span("８号")
    assert window_span("4号（卫生健康综合窗口）") == ("", 4, 4)
    assert window_span("Ｃ１８") == ("C", 18, 18)
    assert window_span("综合窗口") is None


def test_guides_land_in_the_row_that_covers_their_window():
    declared = [{"number": "B01–B06", "name": "企业开办专区", "services": "企业设立"},
                {"number": "C01–C04", "name": "社会事务", "services": ""}]
    rows = window_table(declared, [("B05", "企业设立登记"), ("B08", "食品经营许可"),
                                   ("C18", "居住证申领"), ("B07（企业注销专窗）", "企业注销"),
                                   ("", "无窗口的事项")])
    by_number = {row.number: row for row in rows}
    assert by_number["B01–B06"].guides == ["企业设立登记"]
    assert by_number["B08"].guides == ["食品经营许可"]
    assert by_number["C18"].guides == ["居住证申领"]
    assert by_number["B07"].name == "企业注销专窗"
    assert [row.number for row in rows] == ["B01–B06", "B07", "B08", "C01–C04", "C18"]
    assert all("无窗口的事项" not in row.guides for row in rows)


@pytest.mark.django_db
def test_hall_page_lists_the_windows_its_guides_name(client, demo):
    hall = demo.city_hall
    html = client.get(hall.url).content.decode()
    table = html.split('<table class="windows">')[1].split("</table>")[0]
    links = {link.window: link.guide for link in hall.live_guides() if link.window}
    assert {"B08", "C18"} <= set(links)
    for window in ("B08", "C18"):  # in a row of its own or of the range that covers it
        row = next(r for r in table.split("<tr>") if links[window].title in r)
        number = row.split("<td>")[1].split("</td>")[0]
        assert number == window or number.startswith(window[0]) and "–" in number, row


@pytest.mark.django_db
def test_demo_halls_name_every_window_their_guides_use(demo):
    from catalog.models import HallPage

    for hall in HallPage.objects.live():
        unnamed = [row.number for row in hall.window_table() if not row.name]
        assert not unnamed, f"{hall.title}: windows named only by guides: {unnamed}"
