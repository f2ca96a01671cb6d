import factory
from allauth.account.models import EmailAddress

from labo.accounts.models import MemberProfile, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.fr")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password("mot-de-passe-solide-42")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile

    user = factory.SubFactory(UserFactory)
    organisation = "Habitat partagé des Cévennes"
    departement = "30"
