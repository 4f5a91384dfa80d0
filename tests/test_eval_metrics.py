"""Scoring functions on hand-built gold and predictions (no model): the numbers must be right."""
from __future__ import annotations

from tocsin.coding.salience import main_event
from tocsin.eval.events import expected_calibration_error, primary, reliability, score_accept, score_events
from tocsin.model import Actor, Article, Event


def ev(etype, conf=0.6, status="occurred", actor=None, recipient=None, start=0):
    return Event(article_id="a", event_type=etype, status=status, event_text="x", span=(start, start + 1),
                 actor=[Actor("a", actor)] if actor else [], recipient=[Actor("r", recipient)] if recipient else [],
                 confidence=conf)


def art(events):
    a = Article(id="a", text="x")
    a.events = events
    return a


def gold(rid, etype, actor=None, recipient=None):
    return {"id": rid, "events": [{"event_type": etype, "actor": [{"code": actor}] if actor else [],
                                   "recipient": [{"code": recipient}] if recipient else []}]}


def test_type_and_code_scores_count_every_extra_event():
    pairs = [
        (gold("1", "PROTEST", "BLR"), art([ev("PROTEST", actor="BLR"), ev("ASSAULT")])),  # 1 tp, 1 fp
        (gold("2", "SANCTION", "EUR", "BLR"), art([ev("SANCTION", actor="EUR", recipient="RUS")])),
        (gold("3", "REQUEST"), art([])),  # fn
    ]
    m = score_events("g", pairs).metrics
    assert (m["type"]["tp"], m["type"]["fp"], m["type"]["fn"]) == (2, 1, 1)
    assert m["type+actor_code"]["tp"] == 2 and m["type+actor_code"]["fp"] == 0
    assert (m["type+recipient_code"]["tp"], m["type+recipient_code"]["fp"], m["type+recipient_code"]["fn"]) == (0, 1, 1)


def test_negated_events_are_not_counted_as_claims():
    pairs = [(gold("1", "AID"), art([ev("AID", status="negated")]))]
    m = score_events("g", pairs).metrics
    assert m["type"]["tp"] == 0 and m["type"]["fn"] == 1


def test_acceptance_protest_f1_and_disaster_rate():
    pairs = [
        ({"id": "1", "accept_types": ["PROTEST"]}, art([ev("PROTEST")])),
        ({"id": "2", "accept_types": []}, art([ev("ASSAULT")])),  # false event on a disaster
        ({"id": "3", "accept_types": []}, art([])),
        ({"id": "4", "accept_types": ["ASSAULT", "COERCE"]}, art([ev("COERCE")])),  # acceptable, not an assault miss
    ]
    m = score_accept("g", pairs).metrics
    assert m["acceptance_rate"] == 0.75
    assert m["false_event_rate_on_disasters"] == 0.5
    assert m["protest"]["f1"] == 1.0
    assert m["assault"]["fn"] == 0 and m["assault"]["fp"] == 1


def test_where_the_one_label_scheme_and_the_coder_part_is_counted_apart():
    coop = ["AGREE", "AID", "CONCEDE", "CONSULT", "COOPERATE", "REQUEST", "SUPPORT"]
    pairs = [
        # police fire on a crowd: the force is right, the crowd's protest beside it is a protest FP
        ({"id": "1", "accept_types": ["ASSAULT", "COERCE"]}, art([ev("ASSAULT", 0.9), ev("PROTEST", 0.5)])),
        ({"id": "2", "accept_types": ["ASSAULT", "COERCE"]}, art([ev("PROTEST", 0.5)])),  # force missed: not counted
        ({"id": "3", "accept_types": coop}, art([ev("SANCTION")])),  # a diplomacy label on sanctions
        ({"id": "4", "accept_types": coop}, art([ev("ASSAULT")])),
    ]
    m = score_accept("g", pairs).metrics
    assert m["protest"]["fp"] == 2 and m["protest_fp_beside_force"] == 1
    assert m["rejected_cooperative_as_sanction"] == 1


def test_main_event_prefers_material_events_over_statements():
    statement = ev("ACCUSE", conf=0.85)
    attack = ev("ASSAULT", conf=0.7)  # same sentence: only the kind of event differs
    assert main_event([statement, attack]) is attack
    assert primary([]) == "NONE"


def test_reliability_buckets():
    rows = reliability([(0.95, True), (0.92, False), (0.3, False)])
    assert {r["bucket"]: r["observed_precision"] for r in rows} == {"0.9-1.0": 0.5, "0.3-0.4": 0.0}
    assert {r["bucket"]: r["mean_predicted"] for r in rows} == {"0.9-1.0": 0.935, "0.3-0.4": 0.3}
    assert {r["bucket"]: r["events"] for r in rows} == {"0.9-1.0": 2, "0.3-0.4": 1}


def test_expected_calibration_error_weighs_buckets_by_events():
    rows = reliability([(0.95, True), (0.92, False), (0.3, False)])
    # |0.935 - 0.5| * 2/3 + |0.3 - 0| * 1/3
    assert expected_calibration_error(rows) == round((0.435 * 2 + 0.3) / 3, 4)
    assert expected_calibration_error([]) is None
    perfect = reliability([(0.75, True)] * 3 + [(0.75, False)])
    assert expected_calibration_error(perfect) == 0.0


def test_scores_report_calibration_error():
    pairs = [(gold("1", "PROTEST"), art([ev("PROTEST", conf=0.9), ev("ASSAULT", conf=0.1)]))]
    report = score_events("g", pairs)
    assert report.metrics["calibration_ece"] == 0.1
    assert [r["bucket"] for r in report.calibration] == ["0.1-0.2", "0.9-1.0"]
