from django.utils.translation import gettext_lazy as _
import horizon


class Datastores(horizon.Panel):
    name = _("Datastores")
    slug = 'datastores'
    # The service permission hides the panel where the cloud has no Trove.
    permissions = ('openstack.services.database',)

    def allowed(self, context):
        # Horizon's Admin dashboard does not guard its panels' URLs, so the
        # panel checks the admin role itself. is_superuser follows
        # OPENSTACK_KEYSTONE_ADMIN_ROLES and needs no API call.
        request = context['request']
        if not request.user.is_superuser:
            return False
        return super().allowed(context)
