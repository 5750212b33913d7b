"""Reason messages in English and Arabic, written for the commenter, keyed by reason code.

Arabic is written for readers of the site, not machine-translated from the English.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ar")

MESSAGES: dict[str, dict[str, str]] = {
    "form_errors": {"en": "The form has errors.", "ar": "في النموذج أخطاء."},
    # Form
    "name_required": {"en": "Please enter your name.", "ar": "يرجى كتابة الاسم."},
    "name_too_long": {
        "en": "The name is too long (at most {max} characters).",
        "ar": "الاسم طويل جدًا (الحد الأقصى {max} حرفًا).",
    },
    "name_invalid": {
        "en": "The name must contain letters.",
        "ar": "يجب أن يحتوي الاسم على أحرف.",
    },
    "email_invalid": {
        "en": "The email address is not valid.",
        "ar": "عنوان البريد الإلكتروني غير صحيح.",
    },
    "comment_required": {"en": "Please write a comment.", "ar": "يرجى كتابة التعليق."},
    "comment_too_long": {
        "en": "The comment is too long (at most {max} characters).",
        "ar": "التعليق طويل جدًا (الحد الأقصى {max} حرف).",
    },
    "captcha_required": {
        "en": "Please type the verification code.",
        "ar": "يرجى كتابة رمز التحقق.",
    },
    "captcha_invalid": {
        "en": "The verification code is wrong or was already used. Press Refresh for a new one.",
        "ar": "رمز التحقق غير صحيح أو مستخدم من قبل. اضغط «تحديث» للحصول على رمز جديد.",
    },
    "captcha_expired": {
        "en": "The verification code has expired. Press Refresh for a new one.",
        "ar": "انتهت صلاحية رمز التحقق. اضغط «تحديث» للحصول على رمز جديد.",
    },
    "article_unknown": {
        "en": "This article is not known to the moderation service.",
        "ar": "هذا الخبر غير معروف لخدمة الإشراف.",
    },
    # Policy categories
    "offense": {
        "en": "The comment contains offensive language.",
        "ar": "يحتوي التعليق على إساءة أو ألفاظ مسيئة.",
    },
    "strife": {
        "en": "The comment may stir up sectarian or racial strife.",
        "ar": "قد يثير التعليق فتنة طائفية أو عنصرية.",
    },
    "off_topic": {
        "en": "The comment does not seem to be about the subject of the article.",
        "ar": "يبدو أن التعليق خارج موضوع الخبر.",
    },
    "spam": {
        "en": "The comment looks like advertising or spam.",
        "ar": "يبدو التعليق إعلانًا أو رسالة مزعجة.",
    },
    "personal_name": {
        "en": "Comments may not name public personalities.",
        "ar": "لا يُسمح بذكر أسماء الشخصيات في التعليقات.",
    },
    "banned_word": {
        "en": "The comment contains a word that is not allowed on this site.",
        "ar": "يحتوي التعليق على كلمة غير مسموح بها في هذا الموقع.",
    },
    "suspect_word": {
        "en": "The comment contains a word that a moderator must review.",
        "ar": "يحتوي التعليق على كلمة تحتاج إلى مراجعة المشرف.",
    },
    "blocked_commenter": {
        "en": "Comments from this sender are not accepted on this site.",
        "ar": "لا تُقبل التعليقات من هذا المرسل في هذا الموقع.",
    },
}


def pick_language(requested: str | None, accept_language: object | None, default: str) -> str:
    """Choose "en" or "ar": an explicit ``lang`` wins, then the Accept-Language header."""
    if requested:
        short = requested.strip().lower()[:2]
        if short in LANGUAGES:
            return short
    if accept_language is not None:
        best = accept_language.best_match(LANGUAGES)  # werkzeug's LanguageAccept
        if best:
            return best
    return default


def message(code: str, lang: str, params: Mapping[str, object] | None = None) -> str:
    """The message for a reason code in one language (falls back to the code itself)."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    text = entry.get(lang) or entry["en"]
    try:
        return text.format(**(params or {}))
    except (KeyError, IndexError):
        return text


def messages(code: str, params: Mapping[str, object] | None = None) -> dict[str, str]:
    """The message for a reason code in every language."""
    return {lang: message(code, lang, params) for lang in LANGUAGES}
