package io.secretdesk.core.secrets.edit;

/** A provider whose source can be edited in place (AWS Secrets Manager, Vault); the secrets file is edited through its history. */
public interface Editable {

    /** The editor of this provider's source, with the provider's settings; built once, nothing connects until used. */
    EditableSource editor();
}
