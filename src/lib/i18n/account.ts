/** Sign-in, the account bar and user administration (/signin, /admin/users). */
import { common } from './common';
import { translator, type Bilingual, type Lang, type Translate } from './index';

const en = {
	'account.signIn': 'Sign in',
	'account.signOut': 'Sign out',
	'account.signedInAs': 'Signed in as {name}',
	'account.username': 'User name',
	'account.password': 'Password',
	'account.signInTitle': 'Sign in — Ventanillas Atlas',
	'account.signInHeading': 'Sign in',
	'account.signInLead': 'For program staff, consulate staff and partners who import records. The maps and reports are open to everyone without signing in.',
	'account.invalid': 'That user name and password do not match an active account.',
	'account.limited': 'Too many failed attempts. Try again in {minutes} min.',
	'account.imports': 'Imports',
	'account.records': 'My records',
	'account.users': 'Users',
	'account.backToMap': 'Back to the map',

	'role.admin': 'administrator',
	'role.program': 'program staff',
	'role.consulate': 'consulate staff',
	'role.partner': 'partner',

	'users.title': 'Users — Ventanillas Atlas',
	'users.heading': 'Users',
	'users.lead': 'Administrators create accounts and give each one a role. Consulate staff belong to one office; partner accounts to one partner organisation.',
	'users.name': 'Name',
	'users.role': 'Role',
	'users.scope': 'Office or partner',
	'users.status': 'Status',
	'users.active': 'active',
	'users.inactive': 'deactivated',
	'users.createdBy': 'Created by',
	'users.deactivate': 'Deactivate',
	'users.activate': 'Reactivate',
	'users.newPassword': 'New password',
	'users.setPassword': 'Set password',
	'users.add': 'Add a user',
	'users.displayName': 'Full name',
	'users.office': 'Office (consulate staff)',
	'users.partner': 'Partner id (partner accounts)',
	'users.partnerHelp': 'The number in the partner view address (/partners/123).',
	'users.create': 'Create user',
	'users.created': 'User {username} created.',
	'users.updated': 'Saved.',
	'users.passwordHelp': 'At least {min} characters.',

	'user.badName': 'User name: 3 to 64 characters, letters a-z, digits and . _ @ - only.',
	'user.badDisplayName': 'Full name: at most 100 characters.',
	'user.badRole': 'Role: one of {roles}.',
	'user.needsOffice': 'Consulate staff need an existing office (got "{office}").',
	'user.needsPartner': 'Partner accounts need the id of an existing partner (got "{partner}").',
	'user.taken': 'The user name {username} is taken.',
	'user.notSelf': 'You cannot deactivate your own account.',
	'user.notFound': 'No user has id {id}.',
	'password.short': 'The password is too short: at least 10 characters.',
	'password.long': 'The password is too long: at most 200 characters.'
};

const es: Bilingual<typeof en>['es'] = {
	'account.signIn': 'Iniciar sesión',
	'account.signOut': 'Cerrar sesión',
	'account.signedInAs': 'Sesión de {name}',
	'account.username': 'Usuario',
	'account.password': 'Contraseña',
	'account.signInTitle': 'Iniciar sesión — Ventanillas Atlas',
	'account.signInHeading': 'Iniciar sesión',
	'account.signInLead': 'Para el personal del programa y de los consulados y para los socios que importan registros. Los mapas y los informes están abiertos a todos sin iniciar sesión.',
	'account.invalid': 'Ese usuario y esa contraseña no corresponden a una cuenta activa.',
	'account.limited': 'Demasiados intentos fallidos. Vuelva a intentarlo en {minutes} min.',
	'account.imports': 'Importaciones',
	'account.records': 'Mis registros',
	'account.users': 'Usuarios',
	'account.backToMap': 'Volver al mapa',

	'role.admin': 'administración',
	'role.program': 'personal del programa',
	'role.consulate': 'personal consular',
	'role.partner': 'socio',

	'users.title': 'Usuarios — Ventanillas Atlas',
	'users.heading': 'Usuarios',
	'users.lead': 'La administración crea las cuentas y da a cada una un rol. El personal consular pertenece a un consulado; las cuentas de socio, a una organización socia.',
	'users.name': 'Nombre',
	'users.role': 'Rol',
	'users.scope': 'Consulado o socio',
	'users.status': 'Estado',
	'users.active': 'activa',
	'users.inactive': 'desactivada',
	'users.createdBy': 'Creada por',
	'users.deactivate': 'Desactivar',
	'users.activate': 'Reactivar',
	'users.newPassword': 'Nueva contraseña',
	'users.setPassword': 'Cambiar contraseña',
	'users.add': 'Agregar un usuario',
	'users.displayName': 'Nombre completo',
	'users.office': 'Consulado (personal consular)',
	'users.partner': 'Número de socio (cuentas de socio)',
	'users.partnerHelp': 'El número en la dirección de la vista del socio (/partners/123).',
	'users.create': 'Crear usuario',
	'users.created': 'Se creó el usuario {username}.',
	'users.updated': 'Guardado.',
	'users.passwordHelp': 'Al menos {min} caracteres.',

	'user.badName': 'Usuario: de 3 a 64 caracteres, solo letras a-z, dígitos y . _ @ -',
	'user.badDisplayName': 'Nombre completo: 100 caracteres como máximo.',
	'user.badRole': 'Rol: uno de {roles}.',
	'user.needsOffice': 'El personal consular necesita un consulado existente (se recibió "{office}").',
	'user.needsPartner': 'Las cuentas de socio necesitan el número de un socio existente (se recibió "{partner}").',
	'user.taken': 'El usuario {username} ya existe.',
	'user.notSelf': 'No puede desactivar su propia cuenta.',
	'user.notFound': 'Ningún usuario tiene el número {id}.',
	'password.short': 'La contraseña es demasiado corta: al menos 10 caracteres.',
	'password.long': 'La contraseña es demasiado larga: 200 caracteres como máximo.'
};

export const account: Bilingual<typeof en> = { en, es };

export type AccountMessages = typeof common.en & typeof en;

/** Account and shared messages in one language. */
export function accountTranslator(lang: Lang): Translate<AccountMessages> {
	const t: (key: string, vars?: Record<string, string | number>) => string = translator(lang, common, account);
	return t;
}
