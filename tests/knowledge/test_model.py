from __future__ import annotations

from bot.knowledge.model import Content, Item


def test_a_detail_inherits_the_item_status_unless_it_has_its_own() -> None:
    item = Item(id="x", kind="service", name="X", file="f.yml", status="dated")

    assert item.effective_status("") == "dated"
    assert item.effective_status("sample") == "sample"


def test_by_id_indexes_items() -> None:
    item = Item(id="x", kind="service", name="X", file="f.yml")

    assert Content(items=(item,)).by_id() == {"x": item}
