"""What a service consumes, declared once where it is handled:

    registration_events = Subscriber("assessment", REGISTRATION_EVENTS, "registration-events")

    @registration_events.handles(CandidateRegisteredV1, "Adds each registered candidate ...")
    async def candidate_registered(service, tx, event): ...

The declarations make the inbox consumer's handler (route on the record's `ce_type`, decode
with the typed models, skip every type not handled) and are the source of the contracts'
subscription catalogue and AsyncAPI documents (`subscriptions()`), so the published docs can
never name a subscription that no code handles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from eventkit.inbox import Handler, InboundMessage, InboxConsumer
from kompeten_contracts import REGISTRY
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registry import EventType, TypeRegistry, UnknownEventType
from kompeten_contracts.topics import dead_letter_topic

Root = TypeVar("Root")
EventHandler = Callable[[Root, Any, Any], Awaitable[None]]
H = TypeVar("H", bound=Callable[..., Awaitable[None]])


@dataclass(frozen=True)
class Route(Generic[Root]):
    event: type[PublicEvent]
    description: str
    handle: EventHandler[Root]


@dataclass
class Subscriber(Generic[Root]):
    """One service's subscription to one topic, in its consumer group (the service's name
    unless given); `name` tells this subscription's inbox claims from the service's others."""

    service: str
    topic: str
    name: str
    group: str = ""
    routes: dict[str, Route[Root]] = field(default_factory=dict)
    registry: TypeRegistry = field(default=REGISTRY)

    def __post_init__(self) -> None:
        self.group = self.group or self.service

    @property
    def public(self) -> bool:
        """A subscription to public contracts, documented for partners; not an internal one."""
        return self.registry is REGISTRY

    @property
    def subscription(self) -> str:
        return f"{self.service}.{self.name}"

    def handles(self, event: type[PublicEvent], description: str) -> Callable[[H], H]:
        """Route records of this event (any version the registry upcasts to it) to the
        decorated `async def f(root, tx, event)`; `description` says why, for the docs.
        An event this subscriber's registry does not hold (an internal record on a public
        subscription) raises UnknownEventType at once."""
        self.registry.get(event.ce_type())

        def register(function: H) -> H:
            name = EventType.of(event).ce_name
            if name in self.routes:
                raise ValueError(f"{self.subscription} already handles {name}")
            self.routes[name] = Route(event, description, function)
            return function

        return register

    def handler(self, root: Root) -> Handler:
        async def handle(tx: Any, message: InboundMessage) -> None:
            # The type from its header alone: building the whole envelope is not needed here.
            ce_type = message.header("ce_type") or ""
            try:
                route = self.routes.get(EventType.parse(ce_type).ce_name)
            except UnknownEventType:
                return  # not a Kompeten event type: not ours to judge
            if route is None:
                return  # a type this service does not handle (yet): skipped, not failed
            # A version this code cannot decode fails here and, after the inbox's retries,
            # waits in the dead-letter topic for the upgrade: never silently dropped.
            event = self.registry.decode_as(route.event, ce_type, message.value)
            await route.handle(root, tx, event)

        return handle

    def consumer(
        self,
        root: Root,
        pool: Any,
        schema: str,
        bootstrap_servers: str,
        *,
        topic: str | None = None,
        group: str | None = None,
    ) -> InboxConsumer:
        """The inbox consumer of this subscription for a started root; tests give their own
        topic and group."""
        group = group or self.group
        return InboxConsumer(
            pool,
            schema,
            bootstrap_servers,
            [topic or self.topic],
            group_id=group,
            subscription=self.subscription,
            handler=self.handler(root),
            dead_letter_topic=dead_letter_topic(group),
        )

    def subscriptions(self) -> list[dict[str, Any]]:
        """This subscriber's entries of the contracts' subscription catalogue (none for an
        internal topic: partners never see it)."""
        if not self.public:
            return []
        return [
            {
                "service": self.service,
                "topic": self.topic,
                "consumer_group": self.group,
                "events": [route.event.ce_type()],
                "description": route.description,
            }
            for route in self.routes.values()
        ]


def catalogue(subscribers: Sequence[Subscriber[Any]]) -> list[dict[str, Any]]:
    return [entry for subscriber in subscribers for entry in subscriber.subscriptions()]
