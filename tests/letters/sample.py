"""A letter snapshot as issuing captures it, for pure rendering tests."""

AGENCY = {
    "name": "郯城县人民政府办公室",
    "short_name": "郯政办",
    "address": "山东省临沂市郯城县人民路1号",
    "postcode": "276100",
    "phone": "0539-6221234",
    "disclosure_office": "郯城县人民政府办公室政务公开科",
    "reconsideration_body": "郯城县人民政府",
    "court": "临沂市兰山区人民法院",
    "seal_sha256": "",
}

DETAILS = {
    "disclosed_items": ["郯城县城区道路改造工程立项批复（郯发改投资〔2023〕15号）", "工程概算表"],
    "withheld": "工程概算表中涉及投标单位报价的部分属于商业秘密",
    "referral": {"agency": "临沂市自然资源和规划局", "contact": "0539-8123456"},
    "channel": "郯城县信访局（郯城县人民路3号）",
}


def context(**overrides) -> dict:
    ctx = {
        "agency": dict(AGENCY),
        "case_number": "郯政办依申〔2023〕12号",
        "received_on": "2023-07-14",
        "channel": "mail",
        "description": "2023年郯城县城区道路改造工程的立项批复文件及工程概算",
        "delivery_format": "paper",
        "delivery_method": "mail",
        "applicant": {"kind": "person", "name": "张喆", "address": "郯城县人民路2号"},
        "decision": "disclosed",
        "details": dict(DETAILS),
        "reply_text": "如对提供的信息有疑问，可与本机关政务公开科联系。",
        "reply_due": "2023-08-11",
        "repeat_of": "郯政办依申〔2023〕3号",
        "issued_on": "2023-09-26",
        "correction": {
            "items": "请写明所需文件的名称或者文号。",
            "due": "2023-08-04",
            "notice_on": "2023-07-18",
        },
        "reasons": {
            "notice_on": "2023-07-18",
            "due": "2023-08-04",
            "answered_on": "2023-08-01",
            "later_due": "2023-09-15",
        },
        "task": {
            "department": "县自然资源局",
            "instructions": "请检索2023年道路改造工程立项批复",
            "due_on": "2023-07-24",
        },
        "party": {
            "kind": "third_party",
            "name": "临沂某某建设有限公司",
            "sent_on": "2023-07-20",
            "answer_due": "2023-08-10",
        },
        "parties": [
            {
                "kind": "third_party",
                "name": "临沂某某建设有限公司",
                "sent_on": "2023-07-20",
                "answer_due": "2023-08-10",
            }
        ],
        "extension": {
            "reason": "需要调取历史档案",
            "working_days": 20,
            "approver": "张审批",
            "new_due": "2023-09-08",
        },
        "fee": {
            "method": "per_page",
            "amount": 720,
            "computation": "按量收费：共101页；1—30页免费；31—100页70页×10元=700元；"
            "101—200页1页×20元=20元；合计720元。",
            "notice_on": "2023-07-25",
            "pay_due": "2023-08-22",
        },
        "delivery": {
            "document": "政府信息公开申请答复书（郯政办公开〔2023〕12号）",
            "method": "mail",
            "delivered_on": "2023-09-27",
            "tracking_number": "1100123456789",
            "by": "王登记",
        },
    }
    ctx.update(overrides)
    return ctx
