"""A P.O. box is refused as headquarters in the forms people really write, in
the six UN languages and national variants; street addresses that merely
contain the letters are accepted. One table: every spelling and the answer."""

import pytest
from django.core.exceptions import ValidationError

from accreditation import services
from accreditation.addresses import is_po_box
from accreditation.models import Organisation
from portal.roles import Role
from tests.factories import UserFactory

REFUSED = [
    # English
    "P.O.Box12", "P.O. Box 1234, Nairobi", "PO Box12", "PO Box 77", "P O Box 5", "p.o. box 9", "P.O.B. 14",
    "POB 12", "GPO Box 1200, Sydney", "Post Office Box 9", "Post Box 12", "Postbox 12", "Box 1234, 103 14 Stockholm",
    "Private Bag X12, Gaborone", "Private Mail Bag 3", "PMB 123, Abuja", "Locked Bag 4, Melbourne", "PO Box",
    "ＰＯ Ｂｏｘ １２",  # full-width
    # French
    "Boîte postale 12, Dakar", "Boite Postale 45", "B.P. 45, Lomé", "B.P. 5012", "B. P. 77 Cotonou", "BP 455 Lomé",
    "BP45", "Case postale 12, 1211 Genève", "B.P.",
    # German, Dutch, Scandinavian
    "Postfach 10 11, Bonn", "Postfach", "Postbus 123, Den Haag", "Postboks 12, Oslo",
    # Spanish
    "Apartado 123, Lima", "Apartado postal 45, Managua", "Apartado Aéreo 1234, Bogotá", "Apartado de correos 7",
    "Apdo. 12, San José", "Apdo postal 9", "Casilla 123, Santiago", "Casilla de correo 45, Buenos Aires",
    "Casilla postal 5, La Paz",
    # Portuguese, Italian
    "Caixa postal 12, Maputo", "Cx. Postal 3", "Casella postale 12, Roma",
    # Russian
    "а/я 12, Москва", "а/я12", "А/Я 45", "п/я 5", "абонентский ящик 7", "Почтовый ящик 12",
    # Arabic
    "ص.ب 123، عمّان", "ص. ب. 45 بيروت", "ص ب ١٢٣ الرياض", "صندوق بريد 12", "صندوق البريد ٤٥",
    # Chinese
    "邮政信箱 100", "北京市 100001 信箱", "郵政信箱 12, 台北",
]

ACCEPTED = [
    "Boxwood Lane 14, Nairobi", "12 Boxer Street", "Box Hill Road 5", "Dropbox House, 1 Main Street",
    "Bpost street 3, Brussels", "Bpifrance building, 3 rue X", "B.P. Koirala Marg 12, Kathmandu", "BP Tower, 1 Oil Road",
    "12 Poplar Road", "Pobrezie 4, Bratislava", "Post Street 1", "Compost Box Co., 12 Main Street",
    "Casillas de Coria, Plaza Mayor 1", "Calle Casilla 5, Madrid", "Calle 5 # 10-20, Apartadó", "Apartado, Antioquia",
    "Poststraße 3, Berlin", "Rue de la Poste 7, Tunis",
    "ул. Ленина, 5, Москва", "شارع الصباح 12، الكويت", "شارع صبرا 4",
    "北京市朝阳区建国路 88 号", "Ngong Road 42, Nairobi", "Plot 12, Jinja Road", "Calle 5 # 10-20",
    "C.P. 06700, Ciudad de México",  # código postal: a postcode, not a box
]


@pytest.mark.parametrize("address", REFUSED)
def test_every_po_box_spelling_is_refused(address):
    assert is_po_box(address) is True


@pytest.mark.parametrize("address", ACCEPTED)
def test_street_addresses_are_accepted(address):
    assert is_po_box(address) is False


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["PO Box12", "а/я 12", "ص.ب 123", "邮政信箱 100", "Casilla 123", "B.P. 45"])
def test_registration_refuses_a_po_box_headquarters_and_saves_nothing(address):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(by=UserFactory(role=Role.NGO), fields={"name": "X", "hq_address": address})
    assert "P.O. box" in exc.value.message_dict["hq_address"][0]
    assert Organisation.objects.count() == 0
