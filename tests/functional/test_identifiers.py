"""Crafted table actions must not reach other Trove objects.

troveclient puts ids and parameter names into the URL path unquoted, so
an action whose object id contains "../" would name another resource.
A plain UUID of another datastore's version must not be acted on either.
"""

from tests import stackenv
from tests.functional import horizon


def version_page(version_id):
    return '/admin/datastores/versions/%s/' % version_id


def messages_after(admin, response):
    return horizon.messages(admin.follow(response))


def texts_at(messages, level):
    return [text for found_level, text in messages if found_level == level]


def test_parameter_delete_cannot_reach_version(admin, trove, env,
                                               datastore):
    page_version = stackenv.create_version(trove, env, datastore, '8.0')
    target = stackenv.create_version(trove, env, datastore, '8.4')
    crafted = '../../../../datastore-versions/%s' % target.id

    response = admin.action(version_page(page_version.id), 'parameters',
                            'delete', crafted)

    messages = messages_after(admin, response)
    assert any('not a valid parameter name' in text
               for text in texts_at(messages, 'error')), messages
    assert texts_at(messages, 'success') == []
    assert stackenv.find_version(trove, datastore, '8.4', '8.4')


def test_version_delete_cannot_reach_other(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '8.0')
    other_datastore = stackenv.unique('ds')
    try:
        target = stackenv.create_version(trove, env, other_datastore, '8.4')
        crafted = '../datastore-versions/%s' % target.id

        response = admin.action('/admin/datastores/%s/' % version.datastore_id,
                                'versions', 'delete', crafted)

        messages = messages_after(admin, response)
        assert any('not a valid version id' in text
                   for text in texts_at(messages, 'error')), messages
        assert texts_at(messages, 'success') == []
        assert stackenv.find_version(trove, other_datastore, '8.4', '8.4')
    finally:
        stackenv.delete_datastore(trove, other_datastore)


def test_version_action_needs_own_datastore(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '8.0')
    other_datastore = stackenv.unique('ds')
    try:
        target = stackenv.create_version(trove, env, other_datastore, '8.4')

        response = admin.action('/admin/datastores/%s/' % version.datastore_id,
                                'versions', 'delete', target.id)

        messages = messages_after(admin, response)
        assert any('belongs to another datastore' in text
                   for text in texts_at(messages, 'error')), messages
        assert texts_at(messages, 'success') == []
        assert stackenv.find_version(trove, other_datastore, '8.4', '8.4')
    finally:
        stackenv.delete_datastore(trove, other_datastore)
