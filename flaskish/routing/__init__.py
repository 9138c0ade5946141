"""URL routing: rules, converters, matching and building, with werkzeug.routing's API.

``Map`` holds the rules, ``Map.bind`` gives a ``MapAdapter`` that matches a
path and builds URLs; :func:`flaskish.routing.django.to_django_patterns`
compiles a map into Django URL patterns.
"""

from .converters import DEFAULT_CONVERTERS as DEFAULT_CONVERTERS
from .converters import AnyConverter as AnyConverter
from .converters import BaseConverter as BaseConverter
from .converters import FloatConverter as FloatConverter
from .converters import IntegerConverter as IntegerConverter
from .converters import NumberConverter as NumberConverter
from .converters import PathConverter as PathConverter
from .converters import UnicodeConverter as UnicodeConverter
from .converters import UUIDConverter as UUIDConverter
from .converters import ValidationError as ValidationError
from .exceptions import BuildError as BuildError
from .exceptions import NoMatch as NoMatch
from .exceptions import RequestAliasRedirect as RequestAliasRedirect
from .exceptions import RequestPath as RequestPath
from .exceptions import RequestRedirect as RequestRedirect
from .exceptions import RoutingException as RoutingException
from .exceptions import WebsocketMismatch as WebsocketMismatch
from .factories import EndpointPrefix as EndpointPrefix
from .factories import RuleTemplate as RuleTemplate
from .factories import RuleTemplateFactory as RuleTemplateFactory
from .factories import Subdomain as Subdomain
from .factories import Submount as Submount
from .map import Map as Map
from .map import MapAdapter as MapAdapter
from .matcher import ANY_METHOD as ANY_METHOD
from .matcher import Matcher as Matcher
from .rules import Rule as Rule
from .rules import RuleFactory as RuleFactory
from .rules import RulePart as RulePart
from .rules import parse_converter_args as parse_converter_args
