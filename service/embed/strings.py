"""The embed's texts in English and Arabic (the seed's notice and form labels).

Arabic is written for the site's readers, not machine-translated.  ``{site}`` is
``RAQIB_SITE_NAME`` (``English|العربية``, or one name for both; default "This site" / "الموقع").
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ar")

STRINGS: Mapping[str, Mapping[str, str]] = {
    "title": {"en": "Comments", "ar": "التعليقات"},
    "notice_title": {"en": "Notice", "ar": "تنويه"},
    "notice_1": {
        "en": "All comments are reviewed and posted only if approved.",
        "ar": "جميع التعليقات تخضع للمراجعة ولا تُنشر إلا بعد الموافقة عليها.",
    },
    "notice_2": {
        "en": "{site} reserves the right to delete any comment at any time and for any reason, "
        "and will not publish any comment containing offense, deviating from the subject at "
        "hand, including the names of any personalities, or stirring up sectarian or racial "
        "strife. Comments express only the views of their owners.",
        "ar": "يحتفظ {site} بحق حذف أي تعليق في أي وقت ولأي سبب، ولن يُنشر أي تعليق يتضمن "
        "إساءة أو خروجًا عن موضوع الخبر، أو يتضمن أسماء أي شخصيات، أو يثير النعرات الطائفية "
        "أو المذهبية أو العنصرية. التعليقات تعبّر عن آراء أصحابها فقط.",
    },
    "site": {"en": "This site", "ar": "الموقع"},
    "form_title": {"en": "Add a comment", "ar": "أضف تعليقًا"},
    "name": {"en": "Name", "ar": "الاسم"},
    "email": {"en": "Email", "ar": "البريد الإلكتروني"},
    "show_email": {"en": "Show email", "ar": "إظهار البريد الإلكتروني"},
    "comment": {"en": "Comment", "ar": "التعليق"},
    "required": {"en": "(required)", "ar": "(مطلوب)"},
    "code": {"en": "Verification code", "ar": "رمز التحقق"},
    "code_image": {
        "en": "Verification code image: type the digits you see",
        "ar": "صورة رمز التحقق: اكتب الأرقام التي تراها",
    },
    "refresh": {"en": "Refresh", "ar": "تحديث"},
    "listen": {"en": "Listen to the code", "ar": "استمع إلى الرمز"},
    "write_code": {"en": "Write the code", "ar": "اكتب الرمز"},
    "send": {"en": "Send comment", "ar": "أرسل التعليق"},
    "received": {
        "en": "Thank you: your comment was received. It will appear once a moderator approves it.",
        "ar": "شكرًا لك: وصل تعليقك، وسيظهر بعد موافقة المشرف عليه.",
    },
    "published": {"en": "Thank you: your comment is published.", "ar": "شكرًا لك: نُشر تعليقك."},
    "not_published": {"en": "Your comment was not published:", "ar": "لم يُنشر تعليقك:"},
    "errors_title": {"en": "Please correct the following:", "ar": "يرجى تصحيح ما يلي:"},
    "hint_title": {
        "en": "Before you send: a moderator may not approve this comment.",
        "ar": "قبل الإرسال: قد لا يوافق المشرف على هذا التعليق.",
    },
    "code_refreshed": {"en": "A new verification code is shown.", "ar": "ظهر رمز تحقق جديد."},
    "too_many": {
        "en": "Too many attempts. Please wait a minute and try again.",
        "ar": "محاولات كثيرة. يرجى الانتظار دقيقة ثم المحاولة مجددًا.",
    },
    "failed": {
        "en": "The comment could not be sent. Please try again.",
        "ar": "تعذّر إرسال التعليق. يرجى المحاولة مجددًا.",
    },
    "no_comments": {"en": "No comments yet.", "ar": "لا توجد تعليقات بعد."},
    "count": {"en": "Comments: {n}", "ar": "عدد التعليقات: {n}"},
    "older": {"en": "Show older comments", "ar": "عرض تعليقات أقدم"},
    "closed": {
        "en": "Comments are not open for this article.",
        "ar": "التعليقات غير مفتوحة لهذا الخبر.",
    },
}


def strings_for(lang: str, site_name: str = "") -> dict[str, str]:
    """Every text in ``lang`` (English when unknown), with the site's name filled in."""
    lang = lang if lang in LANGUAGES else "en"
    # "Ammon News|عمون": the name in English, then in Arabic.
    names = [n.strip() for n in site_name.split("|")]
    site = (names[1] if lang == "ar" and len(names) > 1 else names[0]) or STRINGS["site"][lang]
    return {k: v[lang].replace("{site}", site) for k, v in STRINGS.items() if k != "site"}


def pick(*candidates: str | None, default: str = "en") -> str:
    """The first candidate that is a supported language (``ar-JO`` counts as ``ar``)."""
    for c in candidates:
        if c:
            code = c.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return default
