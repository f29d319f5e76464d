"""Dispatch a transition by name to its service, with validated payload data. Shared by the
API and the web views so both run exactly the same code."""

from workflow import services

SERVICES = {
    "request_correction": services.request_correction,
    "receive_correction": services.receive_correction,
    "lapse_correction": services.lapse_correction,
    "assign": services.assign,
    "consult": services.consult,
    "conclude_consultation": services.conclude_consultation,
    "request_fee": services.request_fee,
    "receive_payment": services.receive_payment,
    "lapse_fee": services.lapse_fee,
    "submit_reply": services.submit_reply,
    "reject_reply": services.reject_reply,
    "approve_reply": services.approve_reply,
    "extend": services.extend,
    "withdraw": services.withdraw,
    "record_delivery": services.record_delivery,
    "archive": services.archive,
}

REPLY_DETAILS = ("disclosed_items", "withheld", "referral", "channel")


def fire(name: str, *, case, actor, data: dict):
    data = dict(data)
    if name == "submit_reply":
        details = {key: data.pop(key) for key in REPLY_DETAILS if key in data}
        return services.submit_reply(case=case, actor=actor, details=details, **data)
    return SERVICES[name](case=case, actor=actor, **data)
