"""Small cooperation articles written for the tests (Simplified and Traditional)."""


import pytest
from opencc import OpenCC

ARTICLE = """烟台市与巫山县深化东西部协作 人才交流结硕果

本报讯 2024年6月18日，烟台市与重庆市巫山县召开东西部协作联席会议，持续推进人才交流。烟台市先后选派挂职干部12人、专业技术人才85人到巫山县开展帮扶。
烟台山医院派出医疗专家赴巫山县中医院开展组团式帮扶，坐诊、查房320人次，开展手术40余台。烟台山医院副主任医师施宏志被聘为巫山县中医院首席专家。
两地还举办培训班6期，培训当地教师和医生1050人次，提供就业岗位300余个。
"""

# The same story as a noisy copy: a page with another article beside it, line breaks.
NOISY_PAGE = """本地新闻 第3版

城区道路改造工程顺利完工
本报讯 近日，城区主干道改造工程顺利完工，道路通行能力明显提升，市民出行更加便捷。
工程历时半年，新铺设沥青路面，新增停车位，改造雨污管网，完善了交通标志标线。


烟台市与巫山县深化东西部协作 人才交流结硕果

本报讯 2024年6月18日，烟台市与重庆市巫山县召开东西部协
作联席会议，持续推进人才交流。烟台市先后选派挂职干部12人、专业技术人才85
人到巫山县开展帮扶。
烟台山医院派出医疗专家赴巫山县中医院开展组团式帮扶，坐诊、查房320人次，开展手术40余台。
两地还举办培训班6期，培训当地教师和医生1050人次，提供就业岗位300余个。
"""

OTHER_ARTICLE = """开州区与常州市结对帮扶 教育人才交流

本报讯 常州市与重庆市开州区深化东西部协作，常州市选派支教教师23人到开州区开展教育帮扶，举办示范课8节。
"""


@pytest.fixture
def traditional():
    return OpenCC("s2hk").convert(ARTICLE)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def wushan(refdata, make_user, media):
    return make_user("ws", region="500237")


