import random

import opencc

from xiezuo.ingest.dedup import DuplicateIndex, find_duplicates

STORY = (
    "为深化东西部协作，青岛市向陇南市选派教育、医疗、农业等领域专业技术人才180名，"
    "累计培训当地干部群众2600余人次，两地45所学校和30家医院建立结对关系。"
    "青岛市还援建了食用菌种植基地，引进菌种12个，带动农户增收。"
    "在教育帮扶方面，青岛支教团队在陇南开展示范课和专题讲座，帮助当地学校提升教学质量。"
)
OTHER = (
    "本市举行秋季运动会，来自各区的运动员参加了田径、游泳和球类比赛，"
    "比赛持续三天，观众热情高涨，组委会感谢志愿者的辛勤付出。"
)


def noisy(text: str) -> str:
    trad = opencc.OpenCC("s2hk.json").convert(text)
    broken = "\n".join(trad[i : i + 15] for i in range(0, len(trad), 15))
    junk = "城市发展".encode().decode("gbk", errors="replace")
    return broken.replace("。", "。" + junk, 1)


def test_clean_and_noisy_page_copy_are_duplicates() -> None:
    docs = {"web": STORY, "other": OTHER, "scan": noisy(STORY) + "\n\n\n" + OTHER[:30]}
    found = find_duplicates(docs)
    assert [(d, o) for d, o, _ in found] == [("scan", "web")]
    assert found[0][2] >= 0.6


def test_incremental_index() -> None:
    index = DuplicateIndex[str]()
    assert index.add("web", STORY) is None
    assert index.add("other", OTHER) is None
    dup = index.add("scan", noisy(STORY))
    assert dup is not None and dup.original_id == "web" and dup.containment >= 0.6
    assert index.is_duplicate(OTHER) is not None
    assert index.is_duplicate("完全无关的一段新文字，讲的是天气预报和交通出行提示。") is None
    assert len(index) == 3


def test_the_batch_finds_what_the_index_finds_one_by_one() -> None:
    """find_duplicates bands the signatures itself (numpy); DuplicateIndex uses datasketch's
    MinHashLSH: fed the same documents in the same order, they agree."""
    rnd = random.Random(3)
    words = [STORY[i : i + 2] for i in range(0, len(STORY) - 2, 3)]
    words += [OTHER[i : i + 2] for i in range(0, 60, 3)]
    docs = {f"d{i}": "，".join("".join(rnd.choices(words, k=9)) for _ in range(5)) + "。" for i in range(300)}
    for i in range(0, 300, 30):  # a near copy of every 30th document
        text = list(docs[f"d{i}"])
        text[rnd.randrange(len(text))] = "某"
        docs[f"copy{i}"] = "".join(text)
    index = DuplicateIndex[str]()
    one_by_one = {(key, dup.original_id) for key, text in docs.items() if (dup := index.add(key, text))}
    batch = {(d, o) for d, o, _ in find_duplicates(docs)}
    assert {(f"copy{i}", f"d{i}") for i in range(0, 300, 30)} <= batch
    assert batch == one_by_one
