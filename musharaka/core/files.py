"""What an uploaded file really is, read from its bytes (never trusted from its name or the
browser's claim). Shared by every channel that takes attachments. Office files with macros
(``vbaProject.bin``) are refused: no active content is ever stored.
"""

import zipfile

from django.core.files.uploadedfile import UploadedFile

PDF_TYPE = "application/pdf"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
_OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_IMAGES = {"jpg": (b"\xff\xd8\xff", "image/jpeg"), "png": (b"\x89PNG\r\n\x1a\n", "image/png")}
# Names users give the same kind of file.
SAME_KIND = {"jpeg": "jpg"}


def extension_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return SAME_KIND.get(extension, extension)


def detect(upload: UploadedFile) -> str | None:
    """The file's real kind (pdf, docx, xlsx, pptx, odt, jpg, png), or None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    for extension, (magic, _type) in _IMAGES.items():
        if head.startswith(magic):
            return extension
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_TYPE.encode():
                return "odt"
            if "[Content_Types].xml" in names:
                for extension, (folder, _type) in _OOXML.items():
                    if any(name.startswith(folder) for name in names):
                        return extension
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def content_type(extension: str) -> str:
    if extension == "pdf":
        return PDF_TYPE
    if extension == "odt":
        return ODT_TYPE
    if extension in _IMAGES:
        return _IMAGES[extension][1]
    return _OOXML[extension][1]
