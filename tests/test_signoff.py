from desktop.models.signoff import DEFAULT_LABELS, labels_text, parse_labels, signoff_labels
from desktop.models.store import Store


def test_defaults_when_unset():
    assert signoff_labels(Store(":memory:")) == list(DEFAULT_LABELS)


def test_labels_round_trip_through_settings():
    store = Store(":memory:")
    store.set_setting("signoff_labels", labels_text(["承辦人", "課長", "主任"]))
    assert signoff_labels(store) == ["承辦人", "課長", "主任"]


def test_separators_and_blanks():
    assert parse_labels("承辦人, 課長，主任;;") == ["承辦人", "課長", "主任"]
    assert parse_labels("  ") == list(DEFAULT_LABELS)
