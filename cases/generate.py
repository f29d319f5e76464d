"""Realistic synthetic cases for benchmarks (``manage.py generate_cases``).

Every row is written straight into the tables, bypassing the services: PostgreSQL ``COPY`` for
speed (a million cases in minutes), ``bulk_create`` elsewhere. The data has the shape of a
county's register: applicants with common Chinese surnames and given names, organisations named
after places and trades, descriptions drawn from a large vocabulary with Zipf-like term
frequencies (a few words are everywhere, most are rare), every state and every decision, tasks,
consultations, fee notices, hash-chained events and letter records (no PDFs: a letter row carries
a placeholder digest, so ``complete_documents`` leaves it alone; ``verify_integrity`` is not
meant to pass on generated data).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate

from django.conf import settings
from django.db import connection, models, transaction

from cases.models import Applicant, Case
from letters.models import Letter
from rules.calendar import WorkingCalendar
from rules.deadline import due_ordinal
from rules.states import OPEN_STATES, Decision, Status
from workflow.chain import CHAIN_VERSION, GENESIS_HASH
from workflow.models import Consultation, Event, FeeNotice, Task

# -- vocabulary -------------------------------------------------------------------------------

# The most common surnames, roughly by their share of the population (per mille).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆"
    "帅旭宁龙林欣佳雪琳晨阳昊天子轩梓涵一诺浩然雨桐欣怡思远志国建华文博德胜海波春梅秋菊冬梅"
    "振东晓峰立新永红宏伟小明丹丹婷婷倩颖慧琪璐瑶嘉怡泽楷梓睿"
)
COUNTY = ("郯城县", "兰陵县", "沂水县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县", "沂南县")
TOWN_HEADS = "马头港上李庄红花胜利花园高峰头重坊杨集归昌泉源庙山郯城归义沙墩黄山码头新村"
TOWN_TAILS = ("镇", "乡", "街道", "社区", "村")
TRADES = (
    "建筑工程",
    "房地产开发",
    "农业科技",
    "环保科技",
    "物流",
    "商贸",
    "食品",
    "机械制造",
    "新能源",
    "信息技术",
    "文化传媒",
    "医药",
    "化工",
    "矿业",
    "水产养殖",
    "家具",
)
ORG_TAILS = ("有限公司", "股份有限公司", "律师事务所", "合作社", "研究院", "协会", "基金会")

# Subjects of county applications and the documents asked for; combined they give thousands of
# distinct phrases, drawn with Zipf weights so frequencies look like a real register's.
SUBJECT_HEADS = (
    "城区道路",
    "棚户区",
    "农村危房",
    "土地征收",
    "集体土地",
    "中小学校舍",
    "河道",
    "企业环评",
    "财政预算",
    "拆迁安置",
    "老旧小区",
    "高速公路",
    "农田水利",
    "垃圾处理",
    "污水处理厂",
    "乡村振兴",
    "扶贫资金",
    "医保基金",
    "养老服务",
    "殡葬改革",
    "城中村",
    "工业园区",
    "矿山治理",
    "林地占用",
    "耕地保护",
    "宅基地",
    "房屋征收",
    "市政管网",
    "公交线路",
    "学区划分",
    "食品安全",
    "药品监管",
    "安全生产",
    "消防验收",
    "规划许可",
    "施工许可",
    "不动产登记",
    "低保评定",
    "就业补贴",
    "退役军人",
    "征兵工作",
    "防汛抗旱",
    "秸秆禁烧",
    "大气污染",
    "噪声",
)
SUBJECT_TAILS = (
    "改造工程",
    "建设项目",
    "补偿方案",
    "专项资金",
    "整治工作",
    "审批事项",
    "管理办法",
    "实施方案",
    "招标投标",
    "验收情况",
    "执法检查",
    "信访处理",
    "政策文件",
    "统计数据",
)
DOCS = (
    "立项批复",
    "补偿安置方案",
    "资金拨付明细",
    "验收报告",
    "会议纪要",
    "审批文件",
    "红头文件",
    "征收公告",
    "土地利用规划图",
    "环境影响评价报告",
    "招标文件",
    "中标通知书",
    "合同文本",
    "财务决算",
    "审计报告",
    "执法记录",
    "处罚决定书",
    "调查报告",
    "评估报告",
    "公示名单",
    "批准文号",
    "用地预审意见",
    "规划设计条件",
    "会议记录",
    "工作台账",
    "考核结果",
    "监测数据",
)
PURPOSES = ("", "", "", "维护自身合法权益", "科研需要", "了解政策", "诉讼需要", "生产经营需要")
TASK_INSTRUCTIONS = ("请查找相关文件并提出是否公开的意见。", "请于期限内答复是否掌握该信息。")

# Shares of the register by state (a register that has run for years is mostly concluded).
STATES = {
    Status.REGISTERED: 3,
    Status.AWAITING_CORRECTION: 1,
    Status.ASSISTING: 2,
    Status.CONSULTING: 1,
    Status.AWAITING_FEE: 0.3,
    Status.DRAFTING: 2,
    Status.PENDING_APPROVAL: 1,
    Status.REPLIED: 20,
    Status.CLOSED: 4,
    Status.ARCHIVED: 66,
}
D = Decision
DECISIONS = {
    D.DISCLOSED: 30,
    D.ALREADY_PUBLIC: 8,
    D.PARTIALLY_DISCLOSED: 10,
    D.WITHHELD_STATE_SECRET: 1,
    D.WITHHELD_PROHIBITED_BY_LAW: 1,
    D.WITHHELD_SECURITY_STABILITY: 1,
    D.WITHHELD_THIRD_PARTY_RIGHTS: 2,
    D.WITHHELD_INTERNAL_AFFAIRS: 1,
    D.WITHHELD_PROCESS_INFORMATION: 2,
    D.WITHHELD_ENFORCEMENT_FILE: 1,
    D.WITHHELD_ADMINISTRATIVE_QUERY: 1,
    D.UNAVAILABLE_NOT_HELD: 18,
    D.UNAVAILABLE_OTHER_AGENCY: 6,
    D.UNAVAILABLE_NEEDS_CREATION: 3,
    D.UNAVAILABLE_UNCLEAR: 1,
    D.NOT_PROCESSED_PETITION: 3,
    D.NOT_PROCESSED_REPEATED: 2,
    D.NOT_PROCESSED_PUBLICATION: 1,
    D.NOT_PROCESSED_EXCESSIVE: 1,
    D.NOT_PROCESSED_CONFIRM: 1,
}
CLOSING = {D.OTHER_NO_CORRECTION: 3, D.OTHER_NO_PAYMENT: 1, D.OTHER_WITHDRAWN: 4}

# The transitions that lead to each state (event names of workflow.md).
PATHS = {
    Status.REGISTERED: (),
    Status.AWAITING_CORRECTION: (("request_correction", Status.AWAITING_CORRECTION),),
    Status.ASSISTING: (("assign", Status.ASSISTING),),
    Status.CONSULTING: (("consult", Status.CONSULTING),),
    Status.AWAITING_FEE: (
        ("consult", Status.CONSULTING),
        ("conclude_consultation", Status.DRAFTING),
        ("request_fee", Status.AWAITING_FEE),
    ),
    Status.DRAFTING: (("consult", Status.CONSULTING), ("conclude_consultation", Status.DRAFTING)),
    Status.PENDING_APPROVAL: (
        ("assign", Status.ASSISTING),
        ("submit_reply", Status.PENDING_APPROVAL),
    ),
    Status.REPLIED: (
        ("assign", Status.ASSISTING),
        ("submit_reply", Status.PENDING_APPROVAL),
        ("approve_reply", Status.REPLIED),
        ("record_delivery", Status.REPLIED),
    ),
    Status.CLOSED: (("withdraw", Status.CLOSED),),
}
PATHS[Status.ARCHIVED] = (*PATHS[Status.REPLIED], ("archive", Status.ARCHIVED))


class Weighted:
    """Draw from ``items`` by weight with one random() and a bisect."""

    def __init__(self, rng: random.Random, items, weights) -> None:
        self.rng, self.items = rng, list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self):
        return self.items[bisect_right(self.cum, self.rng.random() * self.total)]


def zipf(rng: random.Random, items, s: float = 1.05) -> Weighted:
    items = list(items)
    rng.shuffle(items)
    return Weighted(rng, items, [1 / (rank + 1) ** s for rank in range(len(items))])


@dataclass
class AgencyInfo:
    """What the generator needs of an agency: its numbering and who acts for it."""

    pk: int
    short: str
    pattern: str
    clerk: int
    handler: int
    approver: int
    departments: list[int] = field(default_factory=list)


@dataclass
class Batch:
    """Rows of one batch, per model, as dicts of attnames."""

    rows: dict[type[models.Model], list[dict]] = field(default_factory=dict)

    def add(self, model, row: dict) -> None:
        self.rows.setdefault(model, []).append(row)


MODELS = (Applicant, Case, Task, Consultation, FeeNotice, Event, Letter)


def _id_check(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return "10X98765432"[total % 11]


class Generator:
    def __init__(
        self,
        *,
        agencies: list[AgencyInfo],
        seed: int,
        calendar: WorkingCalendar,
        today: date,
        first_ids: dict,
        sequences: dict,
    ) -> None:
        self.rng = rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        self.agencies, self.calendar, self.today = agencies, calendar, today
        self.next_id = dict(first_ids)  # model -> next primary key
        self.sequences = dict(
            sequences
        )  # (agency, year) -> last case sequence; ("公开", ...) letters
        self.surname = zipf(rng, SURNAMES, 0.9)
        self.given = zipf(rng, GIVEN, 0.6)
        towns = [h + t for h in _pairs(TOWN_HEADS) for t in TOWN_TAILS]
        self.place = zipf(
            rng, [c + t for c in COUNTY for t in rng.sample(towns, 25)] + list(COUNTY)
        )
        subjects = [h + t for h in SUBJECT_HEADS for t in SUBJECT_TAILS]
        self.subject = zipf(rng, subjects)
        self.doc = zipf(rng, DOCS, 0.8)
        self.trade = zipf(rng, TRADES, 0.7)
        self.state = Weighted(rng, STATES, STATES.values())
        self.decision = Weighted(rng, DECISIONS, DECISIONS.values())
        self.closing = Weighted(rng, CLOSING, CLOSING.values())
        self.first_day = date(2019, 1, 2)
        self.made = 0

    def _id(self, model) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    # -- one case ------------------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        rng = self.rng
        name = self.surname() + self.given() + (self.given() if rng.random() < 0.6 else "")
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
        body = f"3713{rng.randrange(10, 30)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        return name, body + _id_check(body)

    def organisation(self) -> tuple[str, str]:
        rng = self.rng
        name = self.place()[:3].rstrip("县") + self.trade() + rng.choice(ORG_TAILS)
        code = "91371" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(13))
        return name, code

    def description(self, year: int) -> str:
        rng = self.rng
        parts = [f"{self.place()}{year - rng.randrange(3)}年{self.subject()}的{self.doc()}"]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            parts.append(rng.choice(("及相关", "以及", "和", "、")) + self.doc())
        if rng.random() < 0.3:
            parts.append(f"，特别是涉及{self.place()}{self.subject()}的部分")
        return "申请公开" + "".join(parts) + "。"

    def case(self, batch: Batch) -> None:
        rng, today = self.rng, self.today
        agency = self.agencies[rng.randrange(len(self.agencies))]
        # Every state at least once (the first cases of a run), then by weight.
        self.made += 1
        status = self.state() if self.made > len(STATES) else list(STATES)[self.made - 1]
        span = (today - self.first_day).days
        if status in OPEN_STATES:  # open cases are recent
            first = today - timedelta(days=rng.randrange(1, 60))
        else:
            first = self.first_day + timedelta(days=rng.randrange(max(span - 30, 1)))
        corrected = status != Status.AWAITING_CORRECTION and rng.random() < 0.08
        received = first + timedelta(days=rng.randint(3, 15)) if corrected else first
        received = min(received, today)
        key = (agency.pk, first.year)
        sequence = self.sequences[key] = self.sequences.get(key, 0) + 1
        number = agency.pattern.format(short=agency.short, year=first.year, seq=sequence)

        applicant_id = self._id(Applicant)
        if rng.random() < 0.72:
            name, id_number = self.person()
            applicant = {"kind": "person", "id_type": "resident_id", "org_category": ""}
        else:
            name, id_number = self.organisation()
            category = rng.choice(
                ("enterprise", "enterprise", "legal_service", "research", "social_welfare", "other")
            )
            applicant = {
                "kind": "organization",
                "id_type": "uscc",
                "org_category": category,
                "contact_name": self.surname() + self.given(),
            }
        applicant.update(
            id=applicant_id,
            name=name,
            id_number=id_number,
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            address=f"山东省临沂市{self.place()}{rng.randrange(1, 300)}号",
        )
        batch.add(Applicant, applicant)

        case_id = self._id(Case)
        decision = ""
        if status in (Status.REPLIED, Status.ARCHIVED):
            decision = self.decision()
        elif status == Status.CLOSED:
            decision = self.closing()
        events = [("register", "", Status.REGISTERED)]
        source = Status.REGISTERED
        for name_, target in PATHS[status]:
            events.append((name_, source, target))
            source = target

        # Dates along the way, and the pauses the clock ledger sees.
        day = received
        pauses: list[tuple[int, int]] = []
        extension = 20 if status not in (Status.AWAITING_CORRECTION,) and rng.random() < 0.05 else 0
        event_days = [received]
        for name_, _source, _target in events[1:]:
            day = min(day + timedelta(days=rng.randint(1, 8)), today)
            event_days.append(day)
            if name_ == "consult":
                answered = (
                    None
                    if status == Status.CONSULTING
                    else min(day + timedelta(days=rng.randint(3, 20)), today)
                )
                due = self.calendar.add_working_days(day, 15)
                batch.add(
                    Consultation,
                    {
                        "id": self._id(Consultation),
                        "case_id": case_id,
                        "kind": "third_party",
                        "name": self.organisation()[0],
                        "sent_on": day,
                        "answer_due": due,
                        "answered_on": answered,
                        "opinion": "consent" if answered else "",
                        "text": "同意公开。" if answered else "",
                    },
                )
                end = answered or (due if today > due else today)
                pauses.append((day.toordinal(), end.toordinal()))
            elif name_ == "assign" and agency.departments:
                for department in rng.sample(
                    agency.departments, min(len(agency.departments), rng.choice((1, 1, 2)))
                ):
                    answered = status not in (Status.ASSISTING,)
                    batch.add(
                        Task,
                        {
                            "id": self._id(Task),
                            "case_id": case_id,
                            "department_id": department,
                            "instructions": rng.choice(TASK_INSTRUCTIONS),
                            "assigned_on": day,
                            "due_on": self.calendar.add_working_days(day, 5),
                            "status": "answered" if answered else "open",
                            "holds_information": rng.random() < 0.6 if answered else None,
                            "answer": "经查，已提供相关材料。" if answered else "",
                            "responded_on": min(day + timedelta(days=3), today)
                            if answered
                            else None,
                            "responded_by_id": agency.clerk if answered else None,
                            "created_by_id": agency.handler,
                        },
                    )
            elif name_ == "request_fee":
                batch.add(
                    FeeNotice,
                    {
                        "id": self._id(FeeNotice),
                        "case_id": case_id,
                        "method": "per_page",
                        "quantity": rng.randint(100, 400),
                        "amount": rng.randint(100, 300),
                        "computation": "超出部分按件计收。",
                        "notice_on": day,
                        "pay_due": self.calendar.add_working_days(day, 20),
                        "paid_on": None,
                    },
                )
                pauses.append((day.toordinal(), today.toordinal()))

        concluded = (
            event_days[-1] if status in (Status.REPLIED, Status.ARCHIVED, Status.CLOSED) else None
        )
        reply_due = None
        if status != Status.AWAITING_CORRECTION:
            reply_due = date.fromordinal(
                due_ordinal(self.calendar, received.toordinal(), extension, pauses)
            )
        registered_at = datetime.combine(first, datetime.min.time(), UTC) + timedelta(
            hours=1, seconds=rng.randrange(28000)
        )
        row = {
            "id": case_id,
            "agency_id": agency.pk,
            "number": number,
            "year": first.year,
            "sequence": sequence,
            "applicant_id": applicant_id,
            "status": status,
            "channel": rng.choice(("in_person", "online", "online", "mail", "email")),
            "received_on": received,
            "first_received_on": first,
            "description": self.description(first.year),
            "purpose": rng.choice(PURPOSES),
            "delivery_format": rng.choice(("paper", "electronic")),
            "delivery_method": rng.choice(("mail", "email", "pickup")),
            "registered_by_id": agency.clerk,
            "registered_at": registered_at,
            "reply_due": reply_due,
            "extension_working_days": extension,
            "extension_reason": "需要协调多个部门。" if extension else "",
            "decision": decision,
            "decision_details": {"disclosed_items": ["相关文件"]}
            if decision in (D.DISCLOSED, D.PARTIALLY_DISCLOSED)
            else {},
            "concluded_on": concluded,
        }
        if status == Status.AWAITING_CORRECTION:
            row.update(
                correction_notice_on=event_days[-1],
                correction_items="请明确所需信息的名称。",
                correction_due=event_days[-1] + timedelta(days=15),
            )
        if decision and status != Status.CLOSED:
            row.update(
                drafted_by_id=agency.handler,
                approved_by_id=agency.approver,
                replied_on=concluded,
                reply_text="经审查，现答复如下。",
                service_method="mail",
                delivered_on=concluded,
                tracking_number=f"EMS{rng.randrange(10**9):09d}",
            )
        elif status == Status.CLOSED:
            row.update(closed_on=concluded, closing_reason="申请人撤回申请。")
        if status == Status.ARCHIVED:
            row["archived_at"] = datetime.combine(
                concluded + timedelta(days=3), datetime.min.time(), UTC
            )
        batch.add(Case, row)

        prev = GENESIS_HASH
        for seq, ((name_, source_, target), on) in enumerate(
            zip(events, event_days, strict=True), start=1
        ):
            actor = (
                agency.clerk
                if name_ in ("register", "record_delivery", "archive")
                else (agency.approver if name_ == "approve_reply" else agency.handler)
            )
            at = datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=1 + seq)
            payload = {"number": number} if name_ == "register" else {}
            digest = _event_hash(case_id, seq, actor, at, name_, source_, target, payload, prev)
            batch.add(
                Event,
                {
                    "id": self._id(Event),
                    "case_id": case_id,
                    "seq": seq,
                    "actor_id": actor,
                    "at": at,
                    "name": name_,
                    "source": source_,
                    "target": target,
                    "payload": payload,
                    "note": "",
                    "version": CHAIN_VERSION,
                    "state": "",
                    "prev_hash": prev,
                    "hash": digest,
                },
            )
            prev = digest

        self._letter(
            batch, agency, case_id, "receipt", "政府信息公开申请接收回执", "", name, received
        )
        if concluded and decision:
            if status == Status.CLOSED:
                self._letter(
                    batch,
                    agency,
                    case_id,
                    "termination_notice",
                    "终止办理告知书",
                    "",
                    name,
                    concluded,
                )
            else:
                self._letter(
                    batch,
                    agency,
                    case_id,
                    "reply",
                    "政府信息公开申请答复书",
                    "公开",
                    name,
                    concluded,
                )

    def _letter(self, batch, agency, case_id, kind, title, family, addressee, on) -> None:
        sequence, number = None, ""
        if family:
            key = (family, agency.pk, on.year)
            sequence = self.sequences[key] = self.sequences.get(key, 0) + 1
            number = f"{agency.short}{family}〔{on.year}〕{sequence}号"
        letter_id = self._id(Letter)
        batch.add(
            Letter,
            {
                "id": letter_id,
                "agency_id": agency.pk,
                "case_id": case_id,
                "kind": kind,
                "title": title,
                "addressee": addressee,
                "family": family,
                "year": on.year,
                "sequence": sequence,
                "number": number,
                "issued_on": on,
                "issued_at": datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=2),
                "issued_by_id": agency.handler,
                "pdf": "",
                # A placeholder digest: the row counts as rendered, so nothing tries to render it.
                "sha256": hashlib.sha256(f"generated:{letter_id}".encode()).hexdigest(),
                "rendered_at": datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=2),
                "snapshot": {"generated": True},
            },
        )

    def batches(self, count: int, size: int) -> Iterator[Batch]:
        made = 0
        while made < count:
            batch = Batch()
            for _ in range(min(size, count - made)):
                self.case(batch)
            made += min(size, count - made)
            yield batch


def _pairs(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(0, len(text) - 1, 2)]


def _event_hash(case_id, seq, actor, at, name, source, target, payload, prev) -> str:
    """Event.compute_hash (version 2: workflow.chain.mac("event", ...)) on plain values, the
    canonical JSON written out by hand (keys sorted, no spaces; names and states are ASCII
    identifiers) because json.dumps was a third of the generator's time. ``state`` is left
    empty: generated rows carry no snapshot of the case. tests/cases/test_generate_cases.py
    keeps this equal to Event.compute_hash."""
    body = (
        f'{{"actor":{actor},"at":"{at.isoformat()}","case":{case_id},"name":"{name}",'
        f'"note":"","payload":{_payload_json(payload)},"prev":"{prev}","seq":{seq},'
        f'"source":"{source}","state":"","target":"{target}","v":{CHAIN_VERSION}}}'
    )
    keyed = _event_mac().copy()
    keyed.update(body.encode())
    return keyed.hexdigest()


@cache
def _event_mac():
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, b"event\x00", hashlib.sha256)


def _payload_json(payload: dict) -> str:
    if not payload:
        return "{}"
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- writing ----------------------------------------------------------------------------------


def _columns(model) -> list[tuple[str, str, object]]:
    """(attname, column, default) of each concrete field, in table order."""
    columns = []
    for f in model._meta.concrete_fields:
        if f.has_default():
            default = f.get_default()
        elif f.null:
            default = None
        else:
            default = ""
        columns.append((f.attname, f.column, default))
    return columns


def first_ids() -> dict:
    ids = {}
    for model in MODELS:
        last = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
        ids[model] = last + 1
    return ids


def write(batch: Batch, *, use_copy: bool) -> None:
    with transaction.atomic():
        if use_copy:
            # The rows are consistent by construction: skip the deferred foreign-key triggers,
            # which cost more than the COPY itself (a superuser's setting, for this load only).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        for model in MODELS:
            rows = batch.rows.get(model, [])
            if not rows:
                continue
            if use_copy:
                _copy(model, rows)
            else:
                # Model.save() guards are bypassed by bulk_create, as the generator intends.
                model._base_manager.bulk_create([model(**row) for row in rows], batch_size=1000)


def _copy(model, rows: list[dict]) -> None:
    from psycopg.types.json import Jsonb

    columns = _columns(model)
    json_columns = {
        f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)
    }
    names = ", ".join(f'"{column}"' for _attname, column, _default in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = []
                for attname, _column, default in columns:
                    value = row.get(attname, default)
                    if attname in json_columns:
                        value = Jsonb(value)
                    values.append(value)
                copy.write_row(values)


# GIN indexes are far cheaper to build once than to grow row by row during a bulk load.
BULK_DROPPED_INDEXES = (
    "cases_case_description_grams",
    "cases_case_number_grams",
    "cases_applicant_name_grams",
)


def drop_search_indexes() -> list[str]:
    """Drop the search indexes (PostgreSQL); their definitions, for ``restore_indexes``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(BULK_DROPPED_INDEXES)],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    return [definition for _name, definition in found]


def restore_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)


def reset_sequences() -> None:
    """Move each table's id sequence past the ids written explicitly (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
