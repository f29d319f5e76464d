"""Simplified Chinese is the default; the strings go through Django i18n, and an English
locale is started to prove they are translatable."""

import pytest
from django.utils import translation


def test_ui_strings_are_translatable():
    with translation.override("en"):
        assert translation.gettext("登录") == "Log in"
        assert translation.gettext("协助调查") == "Assistance"
    with translation.override("zh-hans"):
        assert translation.gettext("登录") == "登录"


@pytest.mark.django_db
def test_login_page_is_chinese_by_default_and_english_on_request(client):
    assert "登录" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in english and 'lang="en"' in english
