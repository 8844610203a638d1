"""What the national records are made of: the yearly volumes per county pairing and the
kinds, labels, metrics and categories they are drawn from (DOMAIN.md, "Scale")."""

import datetime

MARK = "演示数据（全国规模）"
NATIONAL_COUNTIES = 450
DAY = datetime.timedelta(days=1)
BATCH = 5000

# Yearly volumes of one county pairing at scale 1: the national figures / 450 counties.
RATES = {
    "cadres_sent": 3000 / NATIONAL_COUNTIES,
    "professionals_sent": 25000 / NATIONAL_COUNTIES,
    "cadres_received": 700 / NATIONAL_COUNTIES,
    "professionals_received": 4500 / NATIONAL_COUNTIES,
    "engagements": 1000 / NATIONAL_COUNTIES,
    "mentorships": 1000 / NATIONAL_COUNTIES,
    "activities": 150_000 / NATIONAL_COUNTIES,
    "events": 1500 / NATIONAL_COUNTIES,
    "classes": 5000 / NATIONAL_COUNTIES,
}
COUNTS = (
    "postings", "engagements", "mentorships", "mentorship_apprentices", "events", "activities",
    "activity_metrics", "activity_people", "training_classes", "trainees", "agreements",
    "agreement_targets", "projects", "labour_cooperation", "consumption_assistance",
)

PROFESSIONAL_KINDS = [
    ("medical", 45), ("education", 35), ("agriculture", 8), ("science_tech", 6),
    ("culture_tourism", 3), ("other_professional", 3),
]
KIND_DOMAIN = {
    "medical": "medical", "education": "education", "agriculture": "agriculture",
    "science_tech": "science_tech", "culture_tourism": "culture_tourism",
    "other_professional": "labour", "cadre": "management", "training_place": "medical",
}
DOMAIN_KIND = {
    "medical": "medical", "education": "education", "agriculture": "agriculture",
    "science_tech": "science_tech", "culture_tourism": "culture_tourism",
}
# Days of a posting, by kind (east→west); west→east below.
DURATIONS = {
    "cadre": [730, 730, 730, 730, 730, 730, 730, 365, 365, 1095],
    "medical": [90, 180, 180, 365, 365, 540],
    "education": [120, 180, 365, 365],
}
OTHER_DURATIONS = [30, 60, 90, 180, 365]
WEST_DURATIONS = {"cadre": [90, 180, 365], "training_place": [30, 60, 90, 90, 180, 365]}
MEDICAL_DEPARTMENTS = ["骨科", "神经外科", "普通外科", "心血管内科", "呼吸内科", "消化内科",
                       "急诊医学科", "麻醉科", "儿科", "妇产科", "眼科", "医学影像科", "中医科",
                       "康复医学科", "重症医学科", "肿瘤科"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "信息技术", "体育", "音乐", "美术"]
TOWNS = ["城关镇", "新华镇", "青山乡", "河口镇", "东坪乡", "白马镇", "龙泉镇", "石桥乡", "清水镇",
         "红岩镇", "双河镇", "太平乡", "花园镇", "高峰镇", "大坝乡", "柳林镇"]
ENGAGEMENT_ROLES = [("chief_expert", 3), ("weekend_engineer", 3), ("standing_lecturer", 3),
                    ("advisor", 2)]

ACTIVITY_KINDS = [
    ("lecture", 14), ("training_session", 14), ("ward_round", 12), ("consultation", 10),
    ("clinic", 10), ("surgery", 6), ("demonstration_lesson", 12), ("survey", 8),
    ("onsite_guidance", 8), ("cooperation_talk", 3), ("other", 3),
]
ACTIVITY_LABELS = {
    "lecture": "专题讲座", "training_session": "业务培训", "ward_round": "教学查房",
    "consultation": "疑难病例会诊", "clinic": "义诊", "surgery": "手术示教",
    "demonstration_lesson": "示范课", "survey": "调研", "onsite_guidance": "现场指导",
    "cooperation_talk": "合作洽谈", "other": "帮扶活动",
}
# (indicator, subject, unit, low, high); the first is always recorded, 0–2 more follow.
ACTIVITY_METRICS = {
    "lecture": [("training_person_times", "听讲", "人次", 20, 200),
                ("training_sessions", "讲座", "场", 1, 2),
                ("beneficiaries", "群众", "人", 20, 300)],
    "training_session": [("training_person_times", "培训", "人次", 15, 120),
                         ("training_sessions", "培训", "期", 1, 3),
                         ("outcomes", "建议", "条", 1, 10)],
    "ward_round": [("medical_services", "查房", "人次", 5, 40),
                   ("training_person_times", "带教", "人次", 3, 20),
                   ("outcomes", "疑难病例", "例", 1, 6)],
    "consultation": [("medical_services", "会诊", "人次", 1, 20),
                     ("outcomes", "疑难病例", "例", 1, 5),
                     ("training_person_times", "带教", "人次", 2, 15)],
    "clinic": [("medical_services", "义诊", "人次", 50, 500),
               ("beneficiaries", "群众", "人", 50, 800),
               ("outcomes", "健康宣教", "场", 1, 3)],
    "surgery": [("medical_services", "手术", "台", 1, 10),
                ("training_person_times", "手术示教", "人次", 2, 15),
                ("outcomes", "新技术", "项", 1, 2)],
    "demonstration_lesson": [("training_sessions", "示范课", "节", 1, 4),
                             ("training_person_times", "观摩", "人次", 20, 150),
                             ("outcomes", "教研建议", "条", 1, 8)],
    "survey": [("outcomes", "建议", "条", 1, 20), ("outcomes", "问题", "个", 1, 15),
               ("other", "调研", "次", 1, 3)],
    "onsite_guidance": [("outcomes", "问题", "个", 1, 30),
                        ("training_person_times", "现场指导", "人次", 5, 80),
                        ("beneficiaries", "农户", "户", 10, 200)],
    "cooperation_talk": [("outcomes", "合作意向", "项", 1, 6),
                         ("projects", "协议", "份", 1, 3),
                         ("outcomes", "建议", "条", 1, 10)],
    "other": [("beneficiaries", "群众", "人", 10, 500), ("other", "帮扶", "次", 1, 5)],
}
MIXED_DOMAINS = {
    "lecture": [("medical", 45), ("education", 35), ("agriculture", 10), ("science_tech", 5),
                ("labour", 5)],
    "survey": [("agriculture", 35), ("medical", 20), ("education", 20), ("science_tech", 10),
               ("culture_tourism", 10), ("management", 5)],
    "cooperation_talk": [("management", 40), ("labour", 20), ("culture_tourism", 20),
                         ("agriculture", 20)],
    "other": [("other", 1)],
}
MIXED_DOMAINS["training_session"] = MIXED_DOMAINS["lecture"]
MIXED_DOMAINS["onsite_guidance"] = MIXED_DOMAINS["survey"]
FIXED_DOMAIN = {"ward_round": "medical", "consultation": "medical", "clinic": "medical",
                "surgery": "medical", "demonstration_lesson": "education"}
DOMAIN_WORDS = {"medical": "医疗", "education": "教育", "agriculture": "农业",
                "science_tech": "科技", "culture_tourism": "文旅", "labour": "人社",
                "management": "党政", "other": "综合"}
# Eastern organisation kinds that send people of a domain, most likely first.
SENDING_KINDS = {
    "medical": ["hospital"], "education": ["school", "university"],
    "agriculture": ["institute", "university"], "science_tech": ["institute", "university", "company"],
    "culture_tourism": ["university", "company"], "labour": ["department", "company"],
    "management": ["department"], "other": ["department", "company"],
}
TRAINING_CATEGORIES = [
    ("cadre", 10, "management"), ("rural_doctor", 12, "medical"),
    ("hospital_manager", 6, "medical"), ("medical_staff", 18, "medical"),
    ("teacher", 18, "education"), ("remote_teacher", 8, "education"),
    ("heritage_craft", 5, "culture_tourism"), ("labour_skills", 12, "labour"),
    ("agriculture", 10, "agriculture"), ("other", 1, "other"),
]
CATEGORY_LABELS = {
    "cadre": "党政干部", "rural_doctor": "乡村医生", "hospital_manager": "医院管理",
    "medical_staff": "医务人员", "teacher": "骨干教师", "remote_teacher": "远程教师",
    "heritage_craft": "非遗技艺", "labour_skills": "劳动技能", "agriculture": "农业实用技术",
    "other": "综合",
}
TRAINEE_UNITS = {
    "management": ["人民政府", "党政办", "农业农村办"], "medical": ["卫生院", "村卫生室"],
    "education": ["中心小学", "初级中学", "幼儿园"], "culture_tourism": ["文化站", "手工艺合作社"],
    "labour": ["劳务合作社", "就业服务站"], "agriculture": ["农业服务中心", "种植合作社"],
    "other": ["便民服务中心"],
}
PROJECT_CATEGORIES = [
    ("industry", 25, "产业园建设"), ("infrastructure", 12, "基础设施改造"),
    ("rural_development", 18, "和美乡村建设"), ("health", 12, "县域医共体能力提升"),
    ("education", 12, "薄弱学校改善"), ("labour", 8, "就业帮扶车间"),
    ("consumption", 6, "消费帮扶中心"), ("talent", 6, "人才培养"), ("other", 1, "综合帮扶"),
]
JOB_FAIRS = [("offline", 4, "现场招聘会"), ("online", 2, "网络招聘会"),
             ("livestream", 2, "直播带岗"), ("targeted", 2, "定向输送")]
# The measures of the yearly agreement targets (dashboard lines): (measure, agreement kind).
TARGETS = [
    ("cadres_sent", "framework"), ("cadres_received", "framework"),
    ("professionals_sent", "framework"), ("professionals_received", "framework"),
    ("funds", "framework"), ("projects", "framework"), ("consumption_sales", "framework"),
    ("positions_offered", "labour"), ("jobs", "labour"),
    ("medical_services", "health"), ("trainees", "education"),
    ("training_person_times", "education"),
]
AGREEMENT_TITLES = {
    "framework": "东西部协作框架协议", "health": "医疗卫生协作协议",
    "education": "教育与人才培训协作协议", "labour": "劳务协作协议",
}
