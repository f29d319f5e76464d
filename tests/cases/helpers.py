"""Builders for case tests: a valid registration payload and a case registered through the
real service."""

from datetime import date

from cases.services import register_case

PERSON = {
    "kind": "person",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "org_category": None,
    "contact_name": None,
    "phone": "13800138000",
    "email": "",
    "address": "山东省临沂市郯城县人民路2号",
}

ORGANIZATION = {
    "kind": "organization",
    "name": "临沂某某律师事务所",
    "id_type": "uscc",
    "id_number": "91350100M000100Y43",
    "org_category": "legal_service",
    "contact_name": "李四",
    "phone": "0539-6221234",
    "email": "law@example.cn",
    "address": "山东省临沂市兰山区",
}


def registration_payload(**overrides):
    payload = {
        "applicant": dict(PERSON),
        "channel": "in_person",
        "received_on": "2023-07-14",
        "description": "2023年郯城县城区道路改造工程的立项批复文件",
        "purpose": "",
        "delivery_format": "paper",
        "delivery_method": "mail",
    }
    payload.update(overrides)
    return payload


def make_case(agency, actor, *, received_on=date(2023, 7, 14), applicant=None, **fields):
    data = {
        "channel": "in_person",
        "received_on": received_on,
        "description": "2023年郯城县城区道路改造工程的立项批复文件",
        "delivery_format": "paper",
        "delivery_method": "mail",
    }
    data.update(fields)
    applicant_data = {k: v or "" for k, v in (applicant or PERSON).items()}
    return register_case(agency=agency, actor=actor, applicant=applicant_data, **data)
