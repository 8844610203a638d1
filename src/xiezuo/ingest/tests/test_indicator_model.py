"""The indicator model: fitted from annotated examples, certain rules first."""

import json

from xiezuo.ingest import indicator_model as model
from xiezuo.ingest.indicator_model import Example, fit, indicator_of, using
from xiezuo.ingest.indicators import QuantityContext, classify_rules


def ctx(unit: str, local: str, subject: str = "") -> QuantityContext:
    clause = local + "1" + unit + subject
    return QuantityContext(unit, local, subject, clause, clause + "。")


def test_the_model_learns_what_the_rules_do_not_know() -> None:
    # the rules call a 人 count after 招收学生 "other"; the examples say trainees
    examples = [Example(ctx("人", f"订单班招收学生{i}期"), "trainees") for i in range(6)]
    examples += [Example(ctx("个", f"建成帮扶车间{i}"), "bases") for i in range(6)]
    examples += [Example(ctx("人次", f"培训干部{i}"), "training_person_times") for i in range(6)]
    learned = fit(examples)
    probe = ctx("人", "订单班招收学生")
    assert classify_rules(probe) != "trainees"
    with using(learned):
        assert indicator_of(probe) == "trainees"
    with using(model.RULES_ONLY):
        assert indicator_of(probe) == classify_rules(probe)


def test_a_rule_never_wrong_on_the_examples_decides() -> None:
    right = [Example(ctx("个", "现场解决问题"), "outcomes") for _ in range(3)]
    assert "outcomes" in model.certain_rules(right)
    wrong = right + [Example(ctx("个", "现场解决问题"), "projects")]
    assert "outcomes" not in model.certain_rules(wrong)
    assert "outcomes" not in model.certain_rules(right[:2])  # too few to tell


def test_money_is_always_funds() -> None:
    examples = [Example(ctx("元", "投入资金"), "projects") for _ in range(5)]
    examples += [Example(ctx("个", "实施项目"), "projects") for _ in range(5)]
    with using(fit(examples)):
        assert indicator_of(ctx("元", "投入资金")) == "funds"


def test_the_shipped_model_knows_its_examples() -> None:
    examples = model.load_examples()
    assert len(examples) >= 400
    shipped = model.shipped_model()
    assert shipped is not None
    right = sum(shipped.predict(e.context) == e.indicator for e in examples)
    assert right / len(examples) >= 0.99


def test_an_example_round_trips_through_its_line() -> None:
    e = Example(ctx("人", "选派干部"), "cadres_sent", "cb01", "county-bulletin")
    assert Example.from_json(e.to_json()) == e
    assert json.loads(e.to_json())["indicator"] == "cadres_sent"
