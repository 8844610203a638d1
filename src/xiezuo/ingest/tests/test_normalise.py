from xiezuo.ingest.normalise import (
    MASK,
    drop_noise,
    mask_mojibake,
    normalise,
    rejoin_ocr_lines,
    strip_pinyin,
    to_simplified,
)


def test_traditional_hk_and_tw_become_simplified() -> None:
    hk = "廣州市衞生健康委員會派出醫療隊，為貴州縣級醫院開展義診。"
    tw = "臺灣同胞參與鄉村振興，這裡的學校與醫院結對幫扶。"
    out_hk, script_hk = to_simplified(hk)
    out_tw, script_tw = to_simplified(tw)
    assert script_hk == "hant" and script_tw == "hant"
    assert "广州市卫生健康委员会派出医疗队" in out_hk and "县级医院开展义诊" in out_hk
    assert "学校与医院结对帮扶" in out_tw


def test_simplified_is_untouched_and_vocabulary_not_rewritten() -> None:
    text = "软件与网络平台建设，信息技术教师开课。"
    out, script = to_simplified(text)
    assert (out, script) == (text, "hans")
    # character conversion only: Taiwanese vocabulary (軟體) is not rewritten to 软件
    assert to_simplified("軟體")[0] == "软体"


def test_pinyin_annotations_are_removed() -> None:
    assert strip_pinyin("網(wǎng)絡（luò）醫療") == "網絡醫療"
    assert strip_pinyin("协作(xie2 zuo4)交流") == "协作交流"
    assert strip_pinyin("帮bāng扶fú干部") == "帮扶干部"
    assert strip_pinyin("支教wang3老师") == "支教老师"
    # not pinyin: Chinese in brackets, acronyms, English words
    assert strip_pinyin("广之旅(香港)公司与信息(IT)课") == "广之旅(香港)公司与信息(IT)课"


def test_pinyin_broken_over_lines() -> None:
    assert strip_pinyin("人(ren\n2)才") == "人才"


def test_mojibake_runs_are_masked_but_enclosed_numerals_survive() -> None:
    junk = "数字经济产业园区建设".encode().decode("gbk", errors="replace")
    text = f"选派干部12人。{junk}。专家⒘位①⑴"
    out = mask_mojibake(text)
    assert "选派干部12人" in out
    assert MASK * 5 in out
    assert out.endswith("专家⒘位①⑴")
    latin = "会议" + "公共服务".encode().decode("latin-1") + "结束"
    assert MASK * 3 in mask_mojibake(latin)


def test_clean_text_has_no_mask() -> None:
    text = "黔南布依族苗族自治州荔波县、三都水族自治县与亓立东、冉、邝同志座谈。"
    assert MASK not in mask_mojibake(text)


def test_ocr_line_breaks_are_rejoined() -> None:
    text = ("对口支援工作组今年共选派专业技\n术人员45名，赴受援县开展帮扶工\n作，累计培训当地医"
            "务人员1\n200人次。\n二、下一步打算\n继续深化合作。")
    out = rejoin_ocr_lines(text)
    assert "专业技术人员45名" in out
    assert "1200人次" in out
    assert "\n二、下一步打算\n" in out


def test_adverts_contacts_and_captions_are_dropped() -> None:
    text = ("医疗队在县医院开展义诊。\n"
            "图为专家为群众义诊\n"
            "专家查看患者病历 王小明 摄\n"
            "本次活动惠及群众300余人（记者 李华 摄）。\n"
            "长按识别二维码关注我们\n"
            "投稿邮箱：news@example.com\n"
            "合作热线：0851-12345678\n"
            "责任编辑：张三\n")
    out = drop_noise(text)
    assert "医疗队在县医院开展义诊。" in out
    assert "惠及群众300余人" in out
    for gone in ("图为", "王小明", "李华", "二维码", "@", "0851", "责任编辑"):
        assert gone not in out


def test_normalise_runs_everything() -> None:
    text = "東西部協作(xié)，\n選派幹部20名。扫码关注公众号"
    result = normalise(text)
    assert result.script == "hant"
    assert "东西部协作，选派干部20名。" in result.text
    assert "公众号" not in result.text
