"""A small local BigBlueButton stand-in: it checks every call's checksum with its own copy of the
shared secret, as a real server does, and answers with BigBlueButton's XML.

    with bbb_standin(secret="s3cret") as server:
        server.url          # "http://127.0.0.1:<port>/bigbluebutton/api/"
        server.meetings     # meetingID -> the create parameters
        server.calls        # (call, params, accepted) for every request
        server.enter(meeting_id, user_id="42", full_name="Camille Martin")  # someone is in the room
        server.attendees    # meetingID -> [(userID, fullName, role)], what getMeetingInfo lists

`getMeetingInfo` answers like BigBlueButton: FAILED/notFound for a meeting
that does not exist, SUCCESS with `running` false and no attendees for a
meeting created but empty, and the attendees in `<attendees><attendee>` once
someone is in.

It re-computes the checksum from the raw query string it received (everything
before `&checksum=`), so the test proves what went over the wire, not what the
client meant to send. The algorithm is told by the checksum's length, like
BigBlueButton 2.5+ does.
"""

import hashlib
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

API_PATH = "/bigbluebutton/api/"
ALGORITHM_BY_LENGTH = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


@dataclass
class StandIn:
    secret: str
    url: str = ""
    meetings: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, str], bool]] = field(default_factory=list)
    attendees: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self, meeting_id: str, *, user_id: str, full_name: str = "", role: str = "VIEWER") -> None:
        """Someone is in the room (as after following a join URL); the meeting exists from then on."""
        with self.lock:
            self.meetings.setdefault(meeting_id, {"meetingID": meeting_id, "name": meeting_id})
            self.attendees.setdefault(meeting_id, []).append((user_id, full_name, role))

    def checksum_ok(self, call: str, raw_query: str) -> bool:
        query, sep, checksum = raw_query.rpartition("&checksum=")
        if not sep:
            query, sep, checksum = "", "", raw_query.removeprefix("checksum=")
        algorithm = ALGORITHM_BY_LENGTH.get(len(checksum))
        if algorithm is None:
            return False
        expected = hashlib.new(algorithm, f"{call}{query}{self.secret}".encode()).hexdigest()
        return checksum == expected

    def answer(self, call: str, raw_query: str) -> tuple[int, str]:
        params = dict(urllib.parse.parse_qsl(raw_query, keep_blank_values=True))
        accepted = self.checksum_ok(call, raw_query)
        with self.lock:
            self.calls.append((call, params, accepted))
            if not accepted:
                return 200, _xml("FAILED", messageKey="checksumError", message="Checksums do not match")
            meeting_id = params.get("meetingID", "")
            if call == "create":
                if not meeting_id:
                    return 200, _xml("FAILED", messageKey="missingParamMeetingID", message="No meetingID")
                if meeting_id in self.meetings:
                    return 200, _xml(
                        "SUCCESS",
                        meetingID=meeting_id,
                        messageKey="duplicateWarning",
                        message="This conference was already in existence and may currently be in progress.",
                    )
                self.meetings[meeting_id] = params
                return 200, _xml("SUCCESS", meetingID=meeting_id, createTime="1700000000000")
            if call == "join":
                meeting = self.meetings.get(meeting_id)
                if meeting is None:
                    return 200, _xml("FAILED", messageKey="invalidMeetingIdentifier", message="No such meeting")
                role = params.get("role", "")
                password = params.get("password", "")
                if role not in ("MODERATOR", "VIEWER") or password not in (
                    meeting["moderatorPW"],
                    meeting["attendeePW"],
                ):
                    return 200, _xml("FAILED", messageKey="invalidPassword", message="Wrong role or password")
                return 200, _xml("SUCCESS", meetingID=meeting_id, userID=params.get("userID", ""), role=role)
            if call == "getMeetingInfo":
                return 200, self.meeting_info(meeting_id)
            return 404, _xml("FAILED", messageKey="unsupportedRequest", message="Not in the stand-in")

    def meeting_info(self, meeting_id: str) -> str:
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return _xml("FAILED", messageKey="notFound", message="A meeting with that ID does not exist")
        people = self.attendees.get(meeting_id, [])
        listed = "".join(
            "<attendee>"
            f"<userID>{escape(user_id)}</userID><fullName>{escape(full_name)}</fullName><role>{escape(role)}</role>"
            "<isPresenter>false</isPresenter><isListeningOnly>false</isListeningOnly>"
            "<hasJoinedVoice>false</hasJoinedVoice><hasVideo>false</hasVideo><clientType>HTML5</clientType>"
            "</attendee>"
            for user_id, full_name, role in people
        )
        head = _xml(
            "SUCCESS",
            meetingName=meeting.get("name", ""),
            meetingID=meeting_id,
            createTime="1700000000000",
            running="true" if people else "false",
            participantCount=str(len(people)),
            moderatorCount=str(sum(role == "MODERATOR" for _, _, role in people)),
        )
        return head.removesuffix("</response>") + f"<attendees>{listed}</attendees><metadata/></response>"


def fetch(url: str) -> Any:
    """What a browser following a join URL does; only the local stand-in is ever fetched."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("tests only fetch the local stand-in")
    return urllib.request.urlopen(url, timeout=5)  # noqa: S310 - checked just above


def _xml(returncode: str, **fields: str) -> str:
    inner = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items())
    return f"<response><returncode>{returncode}</returncode>{inner}</response>"


@contextmanager
def bbb_standin(*, secret: str) -> Iterator[StandIn]:
    state = StandIn(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, _, raw_query = self.path.partition("?")
            if not path.startswith(API_PATH):
                status, body = 404, _xml("FAILED", messageKey="notFound", message="Not found")
            else:
                status, body = state.answer(path.removeprefix(API_PATH), raw_query)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}{API_PATH}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
